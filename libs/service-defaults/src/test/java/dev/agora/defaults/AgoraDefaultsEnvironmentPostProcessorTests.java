package dev.agora.defaults;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class AgoraDefaultsEnvironmentPostProcessorTests {

    private StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new AgoraDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void exposesOnlyHealthPrometheusAndInfo() {
        var env = environment(Map.of());
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus,info");
        assertThat(env.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(env.getProperty("server.max-http-request-header-size")).isEqualTo("16KB");
    }

    @Test
    void everyDefaultCanBeOverridden() {
        var env = environment(Map.of("management.endpoints.web.exposure.include", "health"));
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
    }

    @Test
    void flywayFollowsTheR2dbcUrlUnlessSetItself() {
        var env = environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db:5432/userdb?sslMode=require",
                "spring.r2dbc.username", "agora"));
        assertThat(env.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db:5432/userdb?sslmode=require");
        assertThat(env.getProperty("spring.flyway.user")).isEqualTo("agora");
        var explicit = environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db/userdb", "spring.flyway.url",
                "jdbc:postgresql://other/userdb"));
        assertThat(explicit.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://other/userdb");
    }

    @Test
    void flywayKeepsTheTlsSettingsOfTheR2dbcUrlInJdbcSpelling() {
        var env = environment(Map.of("spring.r2dbc.url",
                "r2dbc:postgresql://rds:5432/orderdb?sslMode=verify-full&sslRootCert=/etc/agora/datastore-ca/ca.pem&applicationName=x"));
        assertThat(env.getProperty("spring.flyway.url"))
            .isEqualTo("jdbc:postgresql://rds:5432/orderdb?sslmode=verify-full&sslrootcert=/etc/agora/datastore-ca/ca.pem");
        assertThat(environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db/userdb")).getProperty("spring.flyway.url"))
            .isEqualTo("jdbc:postgresql://db/userdb");
    }

    @Test
    void jsonLogsInContainers() {
        assertThat(environment(Map.of("agora.logging.json", "true")).getProperty("logging.structured.format.console"))
            .isEqualTo("ecs");
        assertThat(environment(Map.of()).getProperty("logging.structured.format.console")).isNull();
    }
}
