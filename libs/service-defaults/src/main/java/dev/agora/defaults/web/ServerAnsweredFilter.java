package dev.agora.defaults.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A request whose body turns out malformed at the HTTP level (a chunk size that is not hex) after it
 * was handed on: Reactor Netty answers it with 400 itself (a problem body, {@link BareErrorBodies}),
 * and the application's own answer then fails with "Status and headers already sent". Left alone,
 * that failure was a 500 in the request metrics (which the availability SLO counts) and an ERROR in
 * the log, for a client's bad request already answered. It ends here as the 400 the client got.
 */
final class ServerAnsweredFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ServerAnsweredFilter.class);

    /** Reactor Netty's message when a response's status is set after the server sent one. */
    static final String ALREADY_SENT = "Status and headers already sent";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(ex -> answeredByServer(ex, exchange.getResponse()), ex -> {
            log.debug("{} {}: the server already answered this malformed request", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            return Mono.empty();
        });
    }

    private static boolean answeredByServer(Throwable error, ServerHttpResponse response) {
        if (!(error instanceof IllegalStateException) || !ALREADY_SENT.equals(error.getMessage())) {
            return false;
        }
        Object nativeResponse;
        try {
            nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        }
        catch (IllegalArgumentException notAServerResponse) {
            return false;
        }
        return nativeResponse instanceof HttpServerResponse netty && netty.hasSentHeaders();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
