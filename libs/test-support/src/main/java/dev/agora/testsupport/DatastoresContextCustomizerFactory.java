package dev.agora.testsupport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Wires {@link AgoraDatastores} into the Spring test context.
 */
final class DatastoresContextCustomizerFactory implements ContextCustomizerFactory {

    private static final AtomicInteger REDIS_DATABASES = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        AgoraDatastores wanted = AnnotatedElementUtils.findMergedAnnotation(testClass, AgoraDatastores.class);
        return wanted == null ? null : new Customizer(testClass, wanted);
    }

    private record Customizer(Class<?> testClass, AgoraDatastores wanted) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (wanted.postgres()) {
                Datastores.Postgres pg = Datastores.postgres();
                String db = pg.newDatabase(testClass.getSimpleName());
                properties.put("spring.r2dbc.url", pg.r2dbcUrl(db));
                properties.put("spring.r2dbc.username", pg.username());
                properties.put("spring.r2dbc.password", pg.password());
                properties.put("spring.flyway.url", pg.jdbcUrl(db));
                properties.put("spring.flyway.user", pg.username());
                properties.put("spring.flyway.password", pg.password());
            }
            if (wanted.redis()) {
                Datastores.Redis redis = Datastores.redis();
                int database = REDIS_DATABASES.getAndIncrement() % 16;
                flush(redis, database);
                properties.put("spring.data.redis.url", redis.url() + "/" + database);
            }
            if (wanted.mongo()) {
                properties.put("spring.mongodb.uri", Datastores.mongoUri() + "/"
                        + testClass.getSimpleName().toLowerCase());
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("agoraDatastores", properties));
        }

        private static void flush(Datastores.Redis redis, int database) {
            RedisClient client = RedisClient.create(URI.create(redis.url() + "/" + database).toString());
            try (var connection = client.connect()) {
                connection.sync().flushdb();
            }
            finally {
                client.shutdown();
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer c && c.testClass == testClass;
        }

        @Override
        public int hashCode() {
            return Objects.hash(testClass);
        }
    }
}
