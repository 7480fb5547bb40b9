package dev.agora.gateway.edge;

import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.AgoraException;

/**
 * Refuses paths that could be read differently here and downstream: encoded dots, slashes or
 * backslashes, dot segments, empty segments and matrix parameters. Routing and the public-endpoint
 * rules then see exactly the path the service will.
 */
@Component
class PathGuardFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        if (raw != null && suspicious(raw)) {
            return Mono.error(AgoraException.badRequest("The request path is not in canonical form."));
        }
        return chain.filter(exchange);
    }

    static boolean suspicious(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains("\\") || lower.contains(";") || lower.contains("//") || lower.contains("/./")
                || lower.contains("/../") || lower.endsWith("/..") || lower.endsWith("/.");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
