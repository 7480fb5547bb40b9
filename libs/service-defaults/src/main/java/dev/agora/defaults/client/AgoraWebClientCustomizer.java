package dev.agora.defaults.client;

import io.netty.channel.ChannelOption;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import dev.agora.defaults.web.RequestIdFilter;

/**
 * Every {@link WebClient} built from Spring's builder gets timeouts, forwards the current request
 * id, and, for {@code /internal/**} calls and those marked {@link ServiceTokenClient#AS_SERVICE}, this
 * service's token.
 */
final class AgoraWebClientCustomizer implements WebClientCustomizer {

    private final ServiceClientProperties properties;
    private final ServiceTokenClient tokens;

    AgoraWebClientCustomizer(ServiceClientProperties properties, ServiceTokenClient tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public void customize(WebClient.Builder builder) {
        HttpClient http = HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
            .responseTimeout(properties.responseTimeout());
        builder.clientConnector(new ReactorClientHttpConnector(http))
            .filter(requestIdPropagation())
            .filter(serviceToken());
    }

    static ExchangeFilterFunction requestIdPropagation() {
        return (request, next) -> Mono.deferContextual(ctx -> {
            if (!ctx.hasKey(RequestIdFilter.CONTEXT_KEY) || request.headers().containsHeader(RequestIdFilter.HEADER)) {
                return next.exchange(request);
            }
            String id = ctx.get(RequestIdFilter.CONTEXT_KEY);
            return next.exchange(ClientRequest.from(request).header(RequestIdFilter.HEADER, id).build());
        });
    }

    private ExchangeFilterFunction serviceToken() {
        return (request, next) -> {
            String path = request.url().getPath();
            boolean wanted = path.startsWith("/internal/")
                    || Boolean.TRUE.equals(request.attribute(ServiceTokenClient.AS_SERVICE).orElse(false));
            if (tokens == null || !wanted || path.equals(properties.tokenUri().getPath())
                    || request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
                return next.exchange(request);
            }
            return tokens.token()
                .flatMap(token -> next.exchange(ClientRequest.from(request).headers(h -> h.setBearerAuth(token)).build()));
        };
    }
}
