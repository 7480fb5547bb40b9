package dev.agora.defaults.security;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import dev.agora.defaults.web.MdcThreadLocalAccessor;

/**
 * Verifies the bearer token of every request that has one, in every service: services never trust
 * the gateway's {@code X-User-*} headers. A request without a token proceeds anonymously, and
 * handlers that need a caller refuse it; {@code /internal/**} needs the {@code service} role.
 */
final class AuthenticationWebFilter implements WebFilter, Ordered {

    static final String ATTRIBUTE = AgoraPrincipal.class.getName();

    private final TokenVerifier verifier;
    private final List<String> internalOpenPaths;

    AuthenticationWebFilter(TokenVerifier verifier, List<String> internalOpenPaths) {
        this.verifier = verifier;
        this.internalOpenPaths = internalOpenPaths;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (internalOpenPaths.contains(path)) {
            // Authenticates its callers itself (client credentials), not with a bearer token.
            return chain.filter(exchange);
        }
        boolean internal = path.equals("/internal") || path.startsWith("/internal/");
        List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        if (headers.isEmpty()) {
            return internal ? Mono.error(InvalidTokenException.missing()) : chain.filter(exchange);
        }
        String token = BearerTokens.extract(headers);
        if (token == null) {
            return Mono.error(new InvalidTokenException("not a single bearer token"));
        }
        return verifier.verify(token).flatMap(principal -> {
            if (internal && !principal.hasRole(AgoraPrincipal.SERVICE)) {
                principal.requireAnyRole(AgoraPrincipal.SERVICE);
            }
            exchange.getAttributes().put(ATTRIBUTE, principal);
            return chain.filter(exchange)
                .contextWrite(ctx -> ctx.put(MdcThreadLocalAccessor.USER_ID, principal.userId().toString()));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
