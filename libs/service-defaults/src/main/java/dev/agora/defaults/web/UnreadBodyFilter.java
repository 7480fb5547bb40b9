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
 * Closes the connection after a response to a request whose body was not read to the end (a 401,
 * 403 or 413 decided before the body mattered). Reactor Netty leaves such a keep-alive connection
 * unable to serve the next request when the body arrived in more than one TCP segment: the client
 * reuses it and waits forever. Sending {@code Connection: close} makes the client open a fresh one.
 * Found as a rare test hang; {@code UnreadBodyIT} in user-svc reproduces it without this filter.
 */
final class UnreadBodyFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
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
