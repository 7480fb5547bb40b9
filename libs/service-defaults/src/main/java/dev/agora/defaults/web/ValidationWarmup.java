package dev.agora.defaults.web;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Hibernate Validator reads its message bundles from jars on the first constraint violation. That
 * must happen at start-up on the main thread, not on an event-loop thread serving the first bad
 * request.
 */
final class ValidationWarmup implements SmartInitializingSingleton {

    private final Validator validator;

    ValidationWarmup(Validator validator) {
        this.validator = validator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        validator.validate(new Sample(null, "", "not an email", "?"));
    }

    record Sample(@NotNull String missing, @Size(min = 1) String empty, @Email String email,
            @Pattern(regexp = "[a-z]+") String pattern) {
    }
}
