package dev.agora.gateway.edge;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.BearerTokens;
import dev.agora.defaults.security.InvalidTokenException;
import dev.agora.defaults.security.TokenVerifier;

/**
 * Authenticates at the edge. Client-sent {@code X-User-*} headers are always removed; a valid
 * token adds the gateway's own {@code X-User-Id} and {@code X-User-Roles} (services still verify
 * the forwarded {@code Authorization} themselves). Endpoints not listed as public need a token.
 */
@Component
public class EdgeAuthenticationGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    /** Exchange attribute holding the verified caller, for the rate limiter. */
    public static final String PRINCIPAL = EdgeAuthenticationGatewayFilterFactory.class.getName() + ".principal";

    private final TokenVerifier verifier;
    private final EndpointRules publicEndpoints;
    private final EndpointRules credentialFree;

    EdgeAuthenticationGatewayFilterFactory(TokenVerifier verifier, EdgeProperties properties) {
        super(Object.class);
        this.verifier = verifier;
        this.publicEndpoints = new EndpointRules(properties.publicEndpoints());
        this.credentialFree = new EndpointRules(properties.credentialFree());
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> {
            ServerHttpRequest request = exchange.getRequest();
            var path = request.getPath().pathWithinApplication();
            boolean dropCredentials = credentialFree.matches(request.getMethod(), path);
            boolean open = dropCredentials || publicEndpoints.matches(request.getMethod(), path);
            List<String> authorization = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);

            if (dropCredentials || authorization.isEmpty()) {
                return open ? chain.filter(forwarded(exchange, dropCredentials, null))
                        : Mono.error(InvalidTokenException.missing());
            }
            String token = BearerTokens.extract(authorization);
            if (token == null) {
                return Mono.error(new InvalidTokenException("not a single bearer token"));
            }
            return verifier.verify(token).flatMap(principal -> {
                exchange.getAttributes().put(PRINCIPAL, principal);
                return chain.filter(forwarded(exchange, false, principal));
            });
        };
    }

    /**
     * The request as it goes upstream, its headers copied once: client-sent {@code X-User-*}
     * removed, the credentials too where the route takes none, and the verified caller's added.
     */
    private static ServerWebExchange forwarded(ServerWebExchange exchange, boolean dropCredentials,
            AgoraPrincipal principal) {
        return exchange.mutate().request(r -> r.headers(h -> {
            h.headerNames().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("x-user-"))
                .toList()
                .forEach(h::remove);
            if (dropCredentials) {
                h.remove(HttpHeaders.AUTHORIZATION);
            }
            if (principal != null) {
                h.set("X-User-Id", principal.userId().toString());
                h.set("X-User-Roles", String.join(",", principal.roles()));
            }
        })).build();
    }

    /** The verified caller of an exchange, if any. */
    public static AgoraPrincipal principal(ServerWebExchange exchange) {
        return exchange.getAttribute(PRINCIPAL);
    }
}
