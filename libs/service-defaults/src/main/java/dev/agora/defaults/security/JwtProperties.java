package dev.agora.defaults.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How access tokens are verified.
 *
 * @param jwksUri where the issuer publishes its public keys ({@code AGORA_JWT_JWKS_URI})
 * @param issuer required {@code iss}
 * @param audience required {@code aud}
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}; at most 30 s
 * @param maxTokenSize larger tokens are refused before parsing
 * @param jwksMinRefreshInterval an unknown {@code kid} re-fetches the key set at most this often
 * @param jwksTimeout how long a key set fetch may take
 */
@ConfigurationProperties("agora.jwt")
public record JwtProperties(URI jwksUri, @DefaultValue("agora") String issuer,
        @DefaultValue("agora-api") String audience, @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("8KB") DataSize maxTokenSize, @DefaultValue("30s") Duration jwksMinRefreshInterval,
        @DefaultValue("2s") Duration jwksTimeout) {

    public JwtProperties {
        if (clockSkew.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("agora.jwt.clock-skew may be at most 30s");
        }
    }
}
