package dev.agora.defaults.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller needs one of these roles (403 otherwise). Checked when the handler's
 * {@link AgoraPrincipal} parameter is resolved, so before its body is read or validated: callers
 * without the role learn nothing about what a valid request looks like. Declare the principal as
 * the first parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresRole {

    /** Any one of these suffices. */
    String[] value();
}
