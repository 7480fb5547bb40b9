package dev.agora.defaults.client;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ServiceClientAutoConfiguration.class));

    @Test
    void everyWebClientGetsTheAgoraDefaults() {
        runner.run(context -> assertThat(context).hasSingleBean(AgoraWebClientCustomizer.class));
    }

    @Test
    void theCustomizerCanBeReplaced() {
        WebClientCustomizer own = builder -> { };
        runner.withBean("agoraWebClientCustomizer", WebClientCustomizer.class, () -> own).run(context -> {
            assertThat(context.getBean("agoraWebClientCustomizer")).isSameAs(own);
            assertThat(context).doesNotHaveBean(AgoraWebClientCustomizer.class);
        });
    }

    @Test
    void servicesGetTheirClientsFromOneFactoryThatCanBeReplaced() {
        runner.withPropertyValues("agora.services.product.uri=http://product-svc:8080").run(context -> {
            assertThat(context).hasSingleBean(ServiceClients.class);
            assertThat(context.getBean(ServiceClients.class).of("product")).isNotNull();
            assertThatThrownBy(() -> context.getBean(ServiceClients.class).of("payment"))
                .hasMessageContaining("agora.services.payment.uri is not set");
        });
        ServiceClients own = new ServiceClients(org.springframework.web.reactive.function.client.WebClient.builder(),
                new ServicesProperties(java.util.Map.of()), new ServiceClientProperties(null, null, null,
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                        new ServiceClientProperties.Resilience(0, java.time.Duration.ofMillis(1), 50, 10, 5,
                                java.time.Duration.ofSeconds(1))),
                io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
        runner.withBean(ServiceClients.class, () -> own)
            .run(context -> assertThat(context.getBean(ServiceClients.class)).isSameAs(own));
    }
}
