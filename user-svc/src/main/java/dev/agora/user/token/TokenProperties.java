package dev.agora.user.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Token issuing.
 *
 * @param issuer {@code iss} of every token
 * @param audience {@code aud} of every token
 * @param accessTtl lifetime of access tokens (DESIGN.md: 15 min)
 * @param serviceTtl lifetime of service tokens
 * @param refreshTtl absolute lifetime of a login session
 * @param refreshIdleTtl a session unused this long ends
 * @param activeKeyId the key that signs; must have a private key
 * @param keys signing keys, current and previous; previous ones may be public only
 * @param clients service clients allowed the client-credentials grant
 * @param clientScopes the scopes each service client's tokens carry, by client id, unless the
 *        client's own entry names others; a client named nowhere gets none (least privilege)
 */
@ConfigurationProperties("agora.auth")
public record TokenProperties(@DefaultValue("agora") String issuer, @DefaultValue("agora-api") String audience,
        @DefaultValue("15m") Duration accessTtl, @DefaultValue("5m") Duration serviceTtl,
        @DefaultValue("30d") Duration refreshTtl, @DefaultValue("7d") Duration refreshIdleTtl, String activeKeyId,
        @DefaultValue List<Key> keys, @DefaultValue List<Client> clients,
        @DefaultValue Map<String, List<String>> clientScopes) {

    /** What a client's tokens may do. */
    public List<String> scopesOf(String clientId) {
        return clients.stream().filter(c -> c.id().equals(clientId) && c.scopes() != null).findFirst()
            .map(Client::scopes)
            .orElseGet(() -> clientScopes.getOrDefault(clientId, List.of()));
    }

    /**
     * One RSA key as PEM, inline or from a file (a mounted Kubernetes Secret).
     *
     * @param id the {@code kid}
     * @param privateKey PKCS#8 PEM ({@code BEGIN PRIVATE KEY})
     * @param privateKeyLocation where to read it instead
     * @param publicKey X.509 PEM ({@code BEGIN PUBLIC KEY}), for keys that only verify
     * @param publicKeyLocation where to read it instead
     */
    public record Key(String id, String privateKey, Resource privateKeyLocation, String publicKey,
            Resource publicKeyLocation) {

        @Override
        public String toString() {
            return "Key[id=" + id + "]";
        }
    }

    /**
     * A service client.
     *
     * @param id client id
     * @param secretSha256 hex SHA-256 of the client secret; secrets are long random strings, so a
     *        fast hash suffices and the secret itself never sits in configuration
     * @param scopes its scopes, instead of those {@code clientScopes} gives its id; null for those
     */
    public record Client(String id, String secretSha256, List<String> scopes) {
    }
}
