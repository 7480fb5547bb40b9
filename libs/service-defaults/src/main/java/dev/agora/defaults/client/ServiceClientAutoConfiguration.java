package dev.agora.defaults.client;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import dev.agora.defaults.security.SecurityDefaultsAutoConfiguration;

/**
 * Defaults for outgoing service-to-service calls.
 */
@AutoConfiguration(before = { WebClientAutoConfiguration.class, SecurityDefaultsAutoConfiguration.class })
@EnableConfigurationProperties({ ServiceClientProperties.class, ServicesProperties.class })
public class ServiceClientAutoConfiguration {

    /**
     * The factory every service's clients come from. Its breakers are its own registry, not a bean:
     * the gateway's Spring Cloud CircuitBreaker keeps a registry of its own for its routes.
     */
    @Bean
    @ConditionalOnMissingBean
    ServiceClients agoraServiceClients(ObjectProvider<WebClient.Builder> builders, ServicesProperties services,
            ServiceClientProperties properties, ObjectProvider<MeterRegistry> meters) {
        ServiceClientProperties.Resilience r = properties.resilience();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .failureRateThreshold(r.failureRateThreshold())
            .slidingWindowSize(r.slidingWindow())
            .minimumNumberOfCalls(r.minimumCalls())
            .waitDurationInOpenState(r.openFor())
            .permittedNumberOfCallsInHalfOpenState(3)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .build());
        meters.ifAvailable(registry -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry));
        // Spring's builder carries the customizer above (timeouts, request id, service token).
        return new ServiceClients(builders.getIfAvailable(WebClient::builder), services, properties, breakers);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraWebClientCustomizer")
    AgoraWebClientCustomizer agoraWebClientCustomizer(ServiceClientProperties properties) {
        ServiceTokenClient tokens = null;
        if (properties.tokenConfigured()) {
            // Its own client: the token call must not go through the filter that adds tokens.
            HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
            WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
            tokens = new ServiceTokenClient(client, properties, Clock.systemUTC());
        }
        return new AgoraWebClientCustomizer(properties, tokens);
    }
}
