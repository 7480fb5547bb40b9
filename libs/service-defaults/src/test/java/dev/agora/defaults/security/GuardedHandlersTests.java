package dev.agora.defaults.security;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;

import dev.agora.defaults.ClockAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedHandlersTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class, WebClientAutoConfiguration.class,
                ClockAutoConfiguration.class, SecurityDefaultsAutoConfiguration.class));

    @RestController
    static class Handlers {

        @GetMapping("/guarded")
        @RequiresRole(AgoraPrincipal.ADMIN)
        String guarded(AgoraPrincipal caller) {
            return "ok";
        }

        @GetMapping("/open")
        String open() {
            return "ok";
        }

        @GetMapping("/forgot")
        @RequiresRole(AgoraPrincipal.ADMIN)
        String forgotThePrincipal(String page) {
            return "ok";
        }

        @GetMapping("/optional")
        @RequiresScope("catalog:read")
        String optionalPrincipal(Optional<AgoraPrincipal> caller) {
            return "ok";
        }
    }

    @Test
    void findsRolesAndScopesThatNoPrincipalParameterEnforces() {
        var handlers = Arrays.stream(Handlers.class.getDeclaredMethods()).map(m -> new HandlerMethod(new Handlers(), m)).toList();
        assertThat(GuardedHandlers.unguarded(handlers)).containsExactly("Handlers.forgotThePrincipal", "Handlers.optionalPrincipal");
    }

    @Test
    void aServiceWithAnUnenforcedRoleDoesNotStart() {
        runner.withUserConfiguration(Handlers.class).run(context -> assertThat(context).hasFailed()
            .getFailure().hasMessageContaining("open to everyone")
            .hasMessageContaining("Handlers.forgotThePrincipal"));
    }

    @RestController
    static class GuardedOnly {

        @GetMapping("/guarded")
        @RequiresRole(AgoraPrincipal.ADMIN)
        String guarded(AgoraPrincipal caller) {
            return "ok";
        }
    }

    @Test
    void aServiceWhoseRolesAreAllEnforcedStarts() {
        runner.withUserConfiguration(GuardedOnly.class).run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(GuardedHandlers.class));
    }
}
