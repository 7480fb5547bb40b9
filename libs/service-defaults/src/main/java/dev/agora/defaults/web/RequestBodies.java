package dev.agora.defaults.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading a request body whole, for filters that must see all of it before anything else does. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body's bytes, at most {@code max} of them (more is a {@code DataBufferLimitException}); none is an empty array. */
    static Mono<byte[]> read(ServerHttpRequest request, int max) {
        return DataBufferUtils.join(request.getBody(), max)
            .map(body -> {
                byte[] bytes = new byte[body.readableByteCount()];
                body.read(bytes);
                DataBufferUtils.release(body);
                return bytes;
            })
            .defaultIfEmpty(new byte[0]);
    }

    /** The exchange's request with {@code bytes} as a body that can be read again and again. */
    static ServerHttpRequest replaying(ServerWebExchange exchange, byte[] bytes) {
        return new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
            }
        };
    }
}
