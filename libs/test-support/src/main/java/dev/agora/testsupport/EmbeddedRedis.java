package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (the binaries shipped in {@code com.github.codemonstur:embedded-redis})
 * on loopback. Tests that need Redis to fail can stop and restart it on the same port.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final int port;
    private final Path dataDirectory;
    private RedisServer server;

    private EmbeddedRedis(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server; with a data directory it persists (append-only file), otherwise it is memory-only. */
    public static EmbeddedRedis start(int port, Path dataDirectory) {
        EmbeddedRedis redis = new EmbeddedRedis(port == 0 ? Ports.free() : port, dataDirectory);
        redis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "embedded-redis-stop"));
        return redis;
    }

    public synchronized void start() {
        try {
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("protected-mode yes");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath()).setting("appendonly yes");
            }
            else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            server = builder.build();
            server.start();
            log.info("Embedded Redis (embedded-redis binaries) on port {}", port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Stops the server; {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
