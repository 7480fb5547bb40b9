package dev.agora.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test real datastores: the shared server of each kind asked for, a fresh
 * PostgreSQL database and Redis logical database for this test class, and the Spring properties
 * ({@code spring.r2dbc.*}, {@code spring.flyway.*}, {@code spring.data.redis.*},
 * {@code spring.mongodb.uri}) pointing at them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AgoraDatastores {

    boolean postgres() default true;

    boolean redis() default true;

    boolean mongo() default false;
}
