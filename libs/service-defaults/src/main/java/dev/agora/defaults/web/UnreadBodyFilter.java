package dev.agora.defaults.web;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closes the connection after a response to a request whose body was not read to the end (a 401
 * or 403 decided before the body mattered). Reactor Netty left such a keep-alive connection unable
 * to serve the next request when the body arrived in more than one TCP segment: the client reused
 * it and waited forever. {@code Connection: close} makes the client open a fresh one;
 * {@code UnreadBodyIT} in user-svc reproduces the hang without this filter. (Draining the body
 * instead, before or after the response, did not help.) Bodies declared larger than the request
 * limit are left alone: they get their 413 from {@link RequestSizeLimitFilter}, and closing while
 * the client still sends would cost it the answer.
 */
final class UnreadBodyFilter implements WebFilter, Ordered {

    private final long maxBody;

    UnreadBodyFilter(WebDefaultsProperties properties) {
        this.maxBody = properties.maxRequestBody().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long length = headers.getContentLength();
        if ((length <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) || length > maxBody) {
            return chain.filter(exchange);
        }
        AtomicBoolean consumed = new AtomicBoolean();
        var request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnComplete(() -> consumed.set(true));
            }
        };
        exchange.getResponse().beforeCommit(() -> {
            if (!consumed.get()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(request).build());
    }
}
