package dev.agora.defaults.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over the limit before anything reads it; bodies without a length are
 * bounded by the codec limit instead ({@code spring.http.codecs.max-in-memory-size}).
 */
final class RequestSizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final List<String> uploadPaths;
    private final long maxUploadBytes;

    RequestSizeLimitFilter(WebDefaultsProperties properties) {
        this.maxBytes = properties.maxRequestBody().toBytes();
        this.uploadPaths = properties.uploadPaths();
        this.maxUploadBytes = properties.maxUploadBody().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        long limit = uploadPaths.stream().anyMatch(path::startsWith) ? maxUploadBytes : maxBytes;
        if (length > limit) {
            return Mono.error(new AgoraException(ProblemType.PAYLOAD_TOO_LARGE, "The request body may be at most " + limit + " bytes."));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
