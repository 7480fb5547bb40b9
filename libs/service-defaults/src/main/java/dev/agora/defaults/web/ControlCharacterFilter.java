package dev.agora.defaults.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Refuses control characters in the path and the query parameters ({@link TextInput}) with a 400
 * naming the parameter, before any handler turns them into a query. Bodies are checked as they are
 * read ({@link SafeTextModule}).
 */
final class ControlCharacterFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path;
        try {
            path = UriUtils.decode(exchange.getRequest().getPath().value(), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException malformed) {
            return Mono.error(refused("path", "The path is not validly encoded."));
        }
        if (TextInput.hasControlCharacter(path)) {
            return Mono.error(refused("path", "The path contains a control character."));
        }
        for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
            String name = parameter.getKey();
            boolean bad = TextInput.hasControlCharacter(name)
                    || parameter.getValue().stream().anyMatch(v -> v != null && TextInput.hasControlCharacter(v));
            if (bad) {
                String field = TextInput.hasControlCharacter(name) ? "query" : name;
                return Mono.error(refused(field, "A query parameter contains a control character."));
            }
        }
        return chain.filter(exchange);
    }

    private static AgoraException refused(String field, String detail) {
        return AgoraException.badRequest(detail)
            .withErrors(List.of(new Problems.FieldError(field, "must not contain control characters")));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
