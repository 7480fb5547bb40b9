package dev.agora.defaults;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Platform-wide property defaults, at the lowest precedence so a service or deployment can
 * override any of them: actuator exposure and probes, metrics tags and histograms, graceful
 * shutdown, header and body limits, context propagation and tracing, JSON logs in containers.
 */
public class AgoraDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "agoraDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.endpoints.web.exposure.include", "health,prometheus,info");
        defaults.put("management.endpoints.access.default", "read-only");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-details", "never");
        defaults.put("management.endpoint.health.validate-group-membership", "false");
        defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,r2dbc,mongo");
        // Replaced by MongoHealthAutoConfiguration's ping, which the test stand-in answers too.
        defaults.put("management.health.mongodb.enabled", "false");
        defaults.put("management.metrics.tags.application", "${spring.application.name:agora}");
        defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
        defaults.put("management.metrics.distribution.percentiles-histogram.http.client.requests", "true");
        // The latency SLO's threshold must be a bucket boundary, which Micrometer's own buckets are not.
        defaults.put("management.metrics.distribution.slo.http.server.requests", "100ms,250ms,500ms,1s,2500ms");
        defaults.put("server.shutdown", "graceful");
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        defaults.put("server.max-http-request-header-size", "16KB");
        defaults.put("spring.http.codecs.max-in-memory-size", "1MB");
        defaults.put("spring.reactor.context-propagation", "auto");
        // Every request traced unless a deployment sets a ratio (the chart does); spans go only
        // where a collector was named, else Zipkin's default localhost endpoint would fail every few seconds.
        defaults.put("management.tracing.sampling.probability", "1.0");
        if (!environment.containsProperty("management.tracing.export.zipkin.endpoint")) {
            defaults.put("management.tracing.export.zipkin.enabled", "false");
        }
        // Without these a leaked or exhausted pool makes requests wait forever instead of failing visibly.
        defaults.put("spring.r2dbc.pool.max-acquire-time", "5s");
        defaults.put("spring.r2dbc.pool.max-create-connection-time", "5s");
        defaults.put("spring.r2dbc.pool.max-validation-time", "2s");
        // A lost Redis reply fails the call after 2 s instead of Lettuce's 60 s.
        defaults.put("spring.data.redis.timeout", "2s");
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        // Build the OpenAPI document at start-up: lazily it would scan the classpath on an event-loop thread.
        defaults.put("springdoc.pre-loading-enabled", "true");
        // Nested records share simple names (Product.View, Vendor.View); qualified names keep them apart
        // until the contract merge gives each a short one (devstack's Contract).
        defaults.put("springdoc.use-fqn", "true");
        defaults.put("springdoc.default-produces-media-type", "application/json");
        defaults.put("springdoc.default-consumes-media-type", "application/json");
        deriveFlywayFromR2dbc(environment, defaults);
        boolean json = Boolean.parseBoolean(environment.getProperty("agora.logging.json", "false"))
                || environment.matchesProfiles("container");
        if (json) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        else {
            // JSON logs carry the whole MDC (traceId and spanId too); console lines get Boot's
            // [traceId,spanId] correlation and show the request and user ids explicitly.
            defaults.put("logging.pattern.level", "%5p [rid=%X{requestId:-} uid=%X{userId:-}]");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }

    /** R2DBC's TLS options and their names in PgJDBC; other R2DBC options have no JDBC twin here. */
    private static final Map<String, String> JDBC_TLS_OPTIONS = Map.of("sslMode", "sslmode", "sslRootCert", "sslrootcert",
            "sslCert", "sslcert", "sslKey", "sslkey");

    /**
     * Flyway migrates over JDBC while the service uses R2DBC: unless told otherwise, migrate the
     * database {@code spring.r2dbc.*} points at, so one variable ({@code SPRING_R2DBC_URL}) moves both,
     * TLS settings included (a migration must not connect less safely than the service).
     */
    private static void deriveFlywayFromR2dbc(ConfigurableEnvironment environment, Map<String, Object> defaults) {
        String r2dbc = environment.getProperty("spring.r2dbc.url");
        if (r2dbc == null || !r2dbc.startsWith("r2dbc:postgresql://") || environment.containsProperty("spring.flyway.url")) {
            return;
        }
        String rest = r2dbc.substring("r2dbc:postgresql://".length());
        int query = rest.indexOf('?');
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(query < 0 ? rest : rest.substring(0, query));
        if (query >= 0) {
            char separator = '?';
            for (String option : rest.substring(query + 1).split("&")) {
                int eq = option.indexOf('=');
                String name = JDBC_TLS_OPTIONS.get(eq < 0 ? option : option.substring(0, eq));
                if (name != null && eq > 0) {
                    jdbc.append(separator).append(name).append(option.substring(eq));
                    separator = '&';
                }
            }
        }
        defaults.put("spring.flyway.url", jdbc.toString());
        defaults.put("spring.flyway.user", "${spring.r2dbc.username:}");
        defaults.put("spring.flyway.password", "${spring.r2dbc.password:}");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
