package dev.agora.defaults.security;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Supplies {@link AgoraPrincipal} handler parameters; a handler that declares one is closed to
 * anonymous callers (401), and to callers without a role its {@link RequiresRole} names (403).
 */
final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AgoraPrincipal.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        AgoraPrincipal principal = exchange.getAttribute(AuthenticationWebFilter.ATTRIBUTE);
        if (principal == null) {
            return Mono.error(InvalidTokenException.missing());
        }
        RequiresRole required = parameter.getMethodAnnotation(RequiresRole.class);
        if (required != null) {
            try {
                principal.requireAnyRole(required.value());
            }
            catch (RuntimeException forbidden) {
                return Mono.error(forbidden);
            }
        }
        return Mono.just(principal);
    }
}
