package dev.agora.defaults.security;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import dev.agora.defaults.ClockAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityDefaultsAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, ClockAutoConfiguration.class,
                SecurityDefaultsAutoConfiguration.class));

    @Test
    void everyRequestIsAuthenticatedWithTokensVerifiedAgainstTheKeySetAndTheRevocations() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PublicKeySource.class).hasSingleBean(TokenRevocations.class)
                .hasSingleBean(TokenVerifier.class).hasSingleBean(AuthenticationWebFilter.class)
                .hasBean("agoraPrincipalResolverConfigurer");
        });
    }

    @Test
    void theGatewayCanTurnThePerRequestFilterOff() {
        runner.withPropertyValues("agora.security.filter-enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(AuthenticationWebFilter.class).hasSingleBean(TokenVerifier.class));
    }

    @Test
    void everyPartCanBeReplaced() {
        PublicKeySource keys = kid -> Mono.<RSAPublicKey>empty();
        TokenRevocations revocations = new TokenRevocations(null, java.time.Duration.ofSeconds(1), Clock.systemUTC());
        WebFilter filter = (exchange, chain) -> chain.filter(exchange);
        WebFluxConfigurer resolver = new WebFluxConfigurer() { };
        runner.withBean(PublicKeySource.class, () -> keys)
            .withBean(TokenRevocations.class, () -> revocations)
            .withBean("agoraAuthenticationWebFilter", WebFilter.class, () -> filter)
            .withBean("agoraPrincipalResolverConfigurer", WebFluxConfigurer.class, () -> resolver)
            .run(context -> {
                assertThat(context.getBean(PublicKeySource.class)).isSameAs(keys);
                assertThat(context.getBean(TokenRevocations.class)).isSameAs(revocations);
                assertThat(context.getBean("agoraAuthenticationWebFilter")).isSameAs(filter);
                assertThat(context.getBean("agoraPrincipalResolverConfigurer")).isSameAs(resolver);
                assertThat(context).doesNotHaveBean(AuthenticationWebFilter.class);
            });
        JwtProperties jwt = new JwtProperties(null, "agora", "agora-api", java.time.Duration.ofSeconds(30),
                org.springframework.util.unit.DataSize.ofKilobytes(8), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(2));
        TokenVerifier verifier = new TokenVerifier(keys, revocations, jwt, Clock.systemUTC());
        runner.withBean(TokenVerifier.class, () -> verifier)
            .run(context -> assertThat(context.getBean(TokenVerifier.class)).isSameAs(verifier));
    }
}
