package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real server of each datastore per test JVM, started on first use: Testcontainers where a
 * Docker engine answers, embedded binaries elsewhere (system property or env
 * {@code agora.test.datastores} = {@code auto} | {@code containers} | {@code embedded}). The log
 * says which kind ran.
 */
public final class Datastores {

    private static final Logger log = LoggerFactory.getLogger(Datastores.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static volatile Postgres postgres;
    private static volatile Redis redis;
    private static volatile String mongoUri;
    private static volatile Boolean docker;

    private Datastores() {
    }

    /** Connection facts of the shared PostgreSQL server. */
    public record Postgres(String host, int port, String username, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String r2dbcUrl(String database) {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** Creates a new, empty database and returns its name. */
        public String newDatabase(String hint) {
            String name = ("t" + DATABASES.incrementAndGet() + "_" + hint.toLowerCase().replaceAll("[^a-z0-9]", ""));
            name = name.substring(0, Math.min(name.length(), 60));
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username, password)) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Could not create database " + name, ex);
            }
            return name;
        }
    }

    /** Connection facts of the shared Redis server. */
    public record Redis(String host, int port) {

        public String url() {
            return "redis://" + host + ":" + port;
        }
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            if (useContainers()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
                container.start();
                postgres = new Postgres(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                        container.getPassword());
                log.info("PostgreSQL: Testcontainers postgres:17 at {}:{}", postgres.host(), postgres.port());
            }
            else {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.start(Files.createTempDirectory("agora-test-pg"), 0);
                    postgres = new Postgres("127.0.0.1", pg.port(), pg.username(), pg.password());
                    log.info("PostgreSQL: embedded PostgreSQL 17 binaries on port {}", pg.port());
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return postgres;
    }

    public static synchronized Redis redis() {
        if (redis == null) {
            if (useContainers()) {
                GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);
                container.start();
                redis = new Redis(container.getHost(), container.getMappedPort(6379));
                log.info("Redis: Testcontainers redis:7 at {}:{}", redis.host(), redis.port());
            }
            else {
                EmbeddedRedis server = EmbeddedRedis.start(0, null);
                redis = new Redis("127.0.0.1", server.port());
                log.info("Redis: embedded redis-server on port {}", server.port());
            }
        }
        return redis;
    }

    /** A MongoDB connection string without database. */
    public static synchronized String mongoUri() {
        if (mongoUri == null) {
            if (useContainers()) {
                MongoDBContainer container = new MongoDBContainer("mongo:8");
                container.start();
                mongoUri = "mongodb://" + container.getHost() + ":" + container.getMappedPort(27017);
                log.info("MongoDB: Testcontainers mongo:8 at {}", mongoUri);
            }
            else {
                MongoServer server = new MongoServer(new MemoryBackend());
                int port = Ports.free();
                server.bind("127.0.0.1", port);
                mongoUri = "mongodb://127.0.0.1:" + port;
                log.info("MongoDB: mongo-java-server stand-in (in memory) at {}; not a real MongoDB", mongoUri);
            }
        }
        return mongoUri;
    }

    static synchronized boolean useContainers() {
        if (docker == null) {
            String mode = System.getProperty("agora.test.datastores",
                    System.getenv().getOrDefault("AGORA_TEST_DATASTORES", "auto"));
            docker = switch (mode) {
                case "containers" -> true;
                case "embedded" -> false;
                default -> dockerAnswers();
            };
            log.info("Test datastores: {}", docker ? "Testcontainers (Docker engine found)"
                    : "embedded binaries (" + ("embedded".equals(mode) ? "requested" : "no Docker engine") + ")");
        }
        return docker;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }
}
