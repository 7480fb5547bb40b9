package dev.agora.defaults;

import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.ServiceClientAutoConfiguration;
import dev.agora.defaults.outbox.OutboxAutoConfiguration;
import dev.agora.defaults.outbox.OutboxWriter;
import dev.agora.defaults.security.PublicKeySource;
import dev.agora.defaults.security.SecurityDefaultsAutoConfiguration;
import dev.agora.defaults.security.TokenRevocations;
import dev.agora.defaults.security.TokenVerifier;
import dev.agora.defaults.web.RequestIdFilter;
import dev.agora.defaults.web.WebDefaultsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service gets by adding the dependency and writing no code.
 */
class DefaultsAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, WebClientAutoConfiguration.class,
                WebDefaultsAutoConfiguration.class, ServiceClientAutoConfiguration.class,
                SecurityDefaultsAutoConfiguration.class, OutboxAutoConfiguration.class, ClockAutoConfiguration.class,
                dev.agora.defaults.metrics.EventLoopMetricsAutoConfiguration.class));

    @Test
    void aServiceGetsProblemHandlingRequestIdsAndTokenVerification() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RequestIdFilter.class);
            assertThat(context).hasSingleBean(TokenVerifier.class);
            assertThat(context).hasSingleBean(TokenRevocations.class);
            assertThat(context).hasBean("agoraAuthenticationWebFilter");
            // Ours replaces Boot's JSON error handler, so every error is problem+json.
            assertThat(context.getBeansOfType(ErrorWebExceptionHandler.class)).containsOnlyKeys("agoraErrorWebExceptionHandler");
        });
    }

    @Test
    void eventLoopGaugesAreOnUnlessTurnedOff() {
        runner.run(context -> assertThat(context).hasBean("agoraEventLoopMetrics"));
        runner.withPropertyValues("agora.metrics.event-loop=false")
            .run(context -> assertThat(context).doesNotHaveBean("agoraEventLoopMetrics"));
    }

    @Test
    void theGatewayCanTurnThePerRequestFilterOff() {
        runner.withPropertyValues("agora.security.filter-enabled=false")
            .run(context -> {
                assertThat(context).doesNotHaveBean("agoraAuthenticationWebFilter");
                assertThat(context).hasSingleBean(TokenVerifier.class);
            });
    }

    @Test
    void withoutAKeySetEveryTokenIsRefused() {
        runner.run(context -> assertThat(context.getBean(PublicKeySource.class).find("any").blockOptional()).isEmpty());
    }

    @Test
    void aServiceMayProvideItsOwnKeySource() {
        PublicKeySource own = kid -> Mono.<RSAPublicKey>empty();
        runner.withBean(PublicKeySource.class, () -> own)
            .run(context -> assertThat(context.getBean(PublicKeySource.class)).isSameAs(own));
    }

    @Test
    void noOutboxUnlessAStreamIsConfigured() {
        runner.run(context -> assertThat(context).doesNotHaveBean(OutboxWriter.class));
    }

    @Test
    void aBadClockSkewFailsStartup() {
        runner.withPropertyValues("agora.jwt.clock-skew=2m").run(context -> assertThat(context).hasFailed());
    }
}
