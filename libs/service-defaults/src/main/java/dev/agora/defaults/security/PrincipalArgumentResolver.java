package dev.agora.defaults.security;

import java.util.Optional;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Supplies {@link AgoraPrincipal} handler parameters; a handler that declares one is closed to
 * anonymous callers (401), to callers without a role its {@link RequiresRole} names (403), and to
 * service clients without the scope its {@link RequiresScope} names (403). A
 * handler open to everyone that shows more to some callers takes {@code Optional<AgoraPrincipal>}
 * instead: empty for anonymous callers.
 */
final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AgoraPrincipal.class
                || (parameter.getParameterType() == Optional.class
                        && parameter.nestedIfOptional().getNestedParameterType() == AgoraPrincipal.class);
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        AgoraPrincipal principal = exchange.getAttribute(AuthenticationWebFilter.ATTRIBUTE);
        if (parameter.getParameterType() == Optional.class) {
            // Public endpoints that show more to some callers take Optional<AgoraPrincipal>.
            return Mono.just(Optional.ofNullable(principal));
        }
        if (principal == null) {
            return Mono.error(InvalidTokenException.missing());
        }
        RequiresRole required = parameter.getMethodAnnotation(RequiresRole.class);
        RequiresScope scope = parameter.getMethodAnnotation(RequiresScope.class);
        try {
            if (required != null) {
                principal.requireAnyRole(required.value());
            }
            if (scope != null) {
                principal.requireScopeIfService(scope.value());
            }
        }
        catch (RuntimeException forbidden) {
            return Mono.error(forbidden);
        }
        return Mono.just(principal);
    }
}
