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
 */
@ConfigurationProperties("agora.service-client")
public record ServiceClientProperties(URI tokenUri, String clientId, String clientSecret,
        @DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout) {

    boolean tokenConfigured() {
        return tokenUri != null && clientId != null && !clientId.isBlank() && clientSecret != null
                && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
        return "ServiceClientProperties[tokenUri=" + tokenUri + ", clientId=" + clientId + "]";
    }
}
