package dev.agora.defaults.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a service caller needs for this handler (403 without it); callers that are people are
 * governed by their roles alone ({@link RequiresRole}). The handler must take an
 * {@link AgoraPrincipal} parameter, which is where it is checked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {

    /** One of {@link Scopes}. */
    String value();
}
