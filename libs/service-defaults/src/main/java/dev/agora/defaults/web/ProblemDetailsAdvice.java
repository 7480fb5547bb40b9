package dev.agora.defaults.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one advice that renders every error raised in a handler as problem+json.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private final ProblemMapper mapper;

    ProblemDetailsAdvice(ProblemMapper mapper) {
        this.mapper = mapper;
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleAny(Exception ex, ServerWebExchange exchange) {
        return Mono.just(mapper.toResponse(ex, exchange));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        return Mono.just(mapper.toResponse(ex, exchange));
    }
}
