package dev.agora.testsupport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Gives the tests' {@code WebTestClient} a connection of its own per request instead of Reactor
 * Netty's shared pool of 16. A test that checks only a response's status leaves the body unread,
 * and then and again its pooled connection was never given back (spring-framework#29817): once
 * 16 were held, the next request waited for a connection past the response timeout, the rare CI
 * hang. Imported by {@code @AutoConfigureWebTestClient}.
 */
@AutoConfiguration
@ConditionalOnClass({ WebTestClientBuilderCustomizer.class, HttpClient.class })
public class UnpooledWebTestClient {

    @Bean
    WebTestClientBuilderCustomizer agoraUnpooledWebTestClient() {
        return builder -> builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())));
    }
}
