package dev.agora.defaults.client;

import java.time.Clock;

import io.netty.channel.ChannelOption;
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
@EnableConfigurationProperties(ServiceClientProperties.class)
public class ServiceClientAutoConfiguration {

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
