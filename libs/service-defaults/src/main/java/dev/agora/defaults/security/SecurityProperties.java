package dev.agora.defaults.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request authentication in services.
 *
 * @param filterEnabled whether each request's bearer token is verified by the shared web filter
 *        (the gateway turns it off: it authenticates per route instead)
 * @param internalOpenPaths {@code /internal/**} paths reachable without the {@code service} role,
 *        such as the endpoint that issues service tokens
 * @param revocationResync how often the revocation set is re-read from Redis
 */
@ConfigurationProperties("agora.security")
public record SecurityProperties(@DefaultValue("true") boolean filterEnabled,
        @DefaultValue List<String> internalOpenPaths, @DefaultValue("30s") Duration revocationResync) {
}
