package dev.agora.defaults.web;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders errors raised outside handlers (filters, routing, the gateway) as problem+json.
 */
final class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    private final ProblemMapper mapper;
    private final JsonMapper json;

    ProblemErrorWebExceptionHandler(ProblemMapper mapper, JsonMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ResponseEntity<Object> entity = mapper.toResponse(ex, exchange);
        var response = exchange.getResponse();
        response.setStatusCode(entity.getStatusCode());
        entity.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        byte[] bytes = json.writeValueAsBytes(entity.getBody());
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    @Override
    public int getOrder() {
        return -2;
    }
}
