package dev.agora.defaults.security;

import org.springframework.web.server.ServerWebExchange;

/**
 * The caller of endpoints that serve anonymous callers too.
 */
public final class Principals {

    private Principals() {
    }

    /** The verified caller, or null for an anonymous request. */
    public static AgoraPrincipal optional(ServerWebExchange exchange) {
        return exchange.getAttribute(AuthenticationWebFilter.ATTRIBUTE);
    }
}
