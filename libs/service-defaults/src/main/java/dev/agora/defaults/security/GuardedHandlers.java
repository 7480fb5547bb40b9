package dev.agora.defaults.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Refuses to start a service with a handler whose {@link RequiresRole} or {@link RequiresScope}
 * nothing would enforce. Both are checked where the handler's {@link AgoraPrincipal} parameter is
 * resolved, so a handler annotated without that parameter (or with an {@code Optional} of it) would
 * be open to everyone; the annotation alone reads as if it were closed.
 */
public final class GuardedHandlers implements SmartInitializingSingleton {

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;

    public GuardedHandlers(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> unguarded = unguarded(mappings.orderedStream().flatMap(m -> m.getHandlerMethods().values().stream()).toList());
        if (!unguarded.isEmpty()) {
            throw new IllegalStateException("@RequiresRole and @RequiresScope are enforced when the handler's AgoraPrincipal "
                    + "parameter is resolved, and these handlers have none, so they would be open to everyone: " + unguarded);
        }
    }

    /** The handlers, as Type.method, that name a role or scope but take no principal to check it on. */
    static List<String> unguarded(Collection<HandlerMethod> handlers) {
        return handlers.stream()
            .filter(h -> h.hasMethodAnnotation(RequiresRole.class) || h.hasMethodAnnotation(RequiresScope.class))
            .filter(h -> Arrays.stream(h.getMethodParameters()).noneMatch(p -> p.getParameterType() == AgoraPrincipal.class))
            .map(h -> h.getBeanType().getSimpleName() + "." + h.getMethod().getName())
            .sorted()
            .toList();
    }
}
