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
        return read(request.getBody(), max);
    }

    /** The bytes of {@code body}, at most {@code max} of them; none is an empty array. */
    static Mono<byte[]> read(Flux<DataBuffer> body, int max) {
        return DataBufferUtils.join(body, max)
            .map(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
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
