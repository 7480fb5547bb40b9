package dev.agora.user.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonSerializer;
import org.springframework.stereotype.Component;

import dev.agora.defaults.Uuids;

/**
 * Signs access tokens exactly as DESIGN.md fixes them (RS256, {@code kid}, {@code typ: at+jwt}).
 */
@Component
public class AccessTokenIssuer {

    private final SigningKeys keys;
    private final TokenProperties properties;
    private final Clock clock;

    AccessTokenIssuer(SigningKeys keys, TokenProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /** A signed token with its id and expiry. */
    public record Issued(String token, String jti, Instant expiresAt) {
    }

    /** A user's access token for one session ({@code sid} = the refresh-token family). */
    public Issued issue(UUID userId, List<String> roles, UUID vendorId, UUID sessionId, boolean emailVerified) {
        return sign(userId.toString(), roles, vendorId, sessionId, null, properties.accessTtl().toSeconds(), null,
                emailVerified);
    }

    /** A service token for a client-credentials client, with that client's scopes only. */
    public Issued issueService(String clientId) {
        UUID subject = UUID.nameUUIDFromBytes(("agora-service-client:" + clientId).getBytes());
        return sign(subject.toString(), List.of("service"), null, null, clientId, properties.serviceTtl().toSeconds(),
                String.join(" ", properties.scopesOf(clientId)), null);
    }

    /** @param emailVerified for people's tokens only; null leaves the claim out */
    private Issued sign(String subject, List<String> roles, UUID vendorId, UUID sessionId, String clientId,
            long ttlSeconds, String scope, Boolean emailVerified) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(ttlSeconds);
        String jti = Uuids.v7().toString();
        var builder = Jwts.builder()
            // Explicit, so jjwt never looks one up with ServiceLoader (jar I/O) on an event-loop thread.
            .json(new JacksonSerializer<>())
            .header().keyId(keys.activeId()).type("at+jwt").and()
            .issuer(properties.issuer())
            .audience().add(properties.audience()).and()
            .subject(subject)
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(expires))
            .id(jti)
            .claim("roles", roles);
        if (vendorId != null) {
            builder.claim("vendorId", vendorId.toString());
        }
        if (sessionId != null) {
            builder.claim("sid", sessionId.toString());
        }
        if (emailVerified != null) {
            // Lets order-svc let a verified buyer check out without asking user-svc.
            builder.claim("emailVerified", emailVerified);
        }
        if (clientId != null) {
            builder.claim("clientId", clientId);
            builder.claim("scope", scope);
        }
        String token = builder.signWith(keys.activeKey(), Jwts.SIG.RS256).compact();
        return new Issued(token, jti, expires);
    }
}
