package dev.agora.defaults.client;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

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
}
