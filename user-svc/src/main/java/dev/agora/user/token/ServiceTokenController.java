package dev.agora.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.Digests;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for service-to-service calls: a short-lived
 * token with the single role {@code service}. Clients authenticate with HTTP Basic.
 */
@RestController
class ServiceTokenController {

    private final TokenProperties properties;
    private final AccessTokenIssuer issuer;

    ServiceTokenController(TokenProperties properties, AccessTokenIssuer issuer) {
        this.properties = properties;
        this.issuer = issuer;
    }

    @PostMapping(path = "/internal/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Map<String, Object>> token(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            String clientId = authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION), form);
            if (!"client_credentials".equals(form.getFirst("grant_type"))) {
                throw AgoraException.badRequest("grant_type must be client_credentials.");
            }
            AccessTokenIssuer.Issued token = issuer.issueService(clientId);
            return Map.of("access_token", token.token(), "token_type", "Bearer", "expires_in",
                    properties.serviceTtl().toSeconds());
        });
    }

    private String authenticate(String authorization, MultiValueMap<String, String> form) {
        String id = null;
        String secret = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = decoded.substring(0, colon);
                    secret = decoded.substring(colon + 1);
                }
            }
            catch (IllegalArgumentException ex) {
                // falls through to invalid_client
            }
        }
        if (id != null && secret != null) {
            byte[] presented = Digests.sha256(secret);
            for (TokenProperties.Client client : properties.clients()) {
                if (client.id().equals(id) && client.secretSha256() != null
                        && MessageDigest.isEqual(presented, HexFormat.of().parseHex(client.secretSha256().toLowerCase()))) {
                    return id;
                }
            }
        }
        HttpHeaders challenge = new HttpHeaders();
        challenge.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"agora-internal\"");
        throw new AgoraException(ProblemType.INVALID_CLIENT, "Client authentication failed.", challenge);
    }
}
