package dev.agora.defaults.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A request whose body turns out malformed at the HTTP level (a chunk size that is not hex) after it
 * was handed on: Reactor Netty answers it with 400 itself (a problem body, {@link BareErrorBodies}),
 * and the application's own answer then fails with "Status and headers already sent". Left alone,
 * that failure was a 500 in the request metrics (which the availability SLO counts) and an ERROR in
 * the log, for a client's bad request already answered. It ends here as the 400 the client got.
 * A handler's error reaches the problem mapper first (the gateway's does), which maps it to that 400
 * too; then the mapped answer fails the same way, and ends here.
 */
final class ServerAnsweredFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ServerAnsweredFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(ex -> ClientConnection.answeredByServer(ex, exchange.getResponse()), ex -> {
            log.debug("{} {}: the server already answered this malformed request", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            return Mono.empty();
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
