package dev.agora.defaults.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over the limit before anything reads it; bodies without a length are
 * bounded by the codec limit instead ({@code spring.http.codecs.max-in-memory-size}).
 */
final class RequestSizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final List<PathPattern> uploadPaths;
    private final long maxUploadBytes;

    RequestSizeLimitFilter(WebDefaultsProperties properties) {
        this.maxBytes = properties.maxRequestBody().toBytes();
        this.uploadPaths = properties.uploadPaths().stream().map(RequestSizeLimitFilter::pattern).toList();
        this.maxUploadBytes = properties.maxUploadBody().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        long limit = uploadPaths.stream().anyMatch(p -> p.matches(path)) ? maxUploadBytes : maxBytes;
        if (length > limit) {
            return Mono.error(new AgoraException(ProblemType.PAYLOAD_TOO_LARGE, "The request body may be at most " + limit + " bytes."));
        }
        return chain.filter(exchange);
    }

    /** A pattern ({@code /api/v1/products/*}{@code /images}) as given; a plain path covers everything below it too. */
    static PathPattern pattern(String path) {
        boolean plain = !path.contains("*") && !path.contains("{");
        return PathPatternParser.defaultInstance.parse(plain ? path.replaceAll("/+$", "") + "/**" : path);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
