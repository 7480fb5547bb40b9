package dev.agora.defaults.client;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing HTTP calls to other services.
 *
 * @param tokenUri user-svc's {@code /internal/oauth/token}; without it no service token is sent
 * @param clientId this service's client id
 * @param clientSecret this service's client secret (from a Kubernetes Secret, never from git)
 * @param connectTimeout TCP connect timeout
 * @param responseTimeout time to the full response
 * @param resilience retries and circuit breakers of {@link ServiceClients}
 */
@ConfigurationProperties("agora.service-client")
public record ServiceClientProperties(URI tokenUri, String clientId, String clientSecret,
        @DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout,
        @DefaultValue Resilience resilience) {

    /**
     * @param retries how often an idempotent call is sent again after no connection or a 502/503
     * @param retryBackoff the wait before the first retry; it doubles with each
     * @param failureRateThreshold percentage of failed calls (5xx, timeouts, no connection) among the
     *        last {@code slidingWindow} that opens a service's breaker
     * @param slidingWindow calls the failure rate is taken over
     * @param minimumCalls calls before the rate counts at all
     * @param openFor how long an open breaker refuses calls before it lets a few through to test
     */
    public record Resilience(@DefaultValue("2") int retries, @DefaultValue("100ms") Duration retryBackoff,
            @DefaultValue("50") float failureRateThreshold, @DefaultValue("20") int slidingWindow,
            @DefaultValue("10") int minimumCalls, @DefaultValue("5s") Duration openFor) {
    }

    boolean tokenConfigured() {
        return tokenUri != null && clientId != null && !clientId.isBlank() && clientSecret != null
                && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
        return "ServiceClientProperties[tokenUri=" + tokenUri + ", clientId=" + clientId + "]";
    }
}
