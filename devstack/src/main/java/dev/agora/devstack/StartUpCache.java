package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code make run}'s start-up cache: each service runs from its jar extracted by Spring Boot's
 * {@code jarmode=tools} (a plain class path, which the JVM's ahead-of-time cache needs and which
 * alone loads classes faster than the nested jar), with a JDK 25 AOT cache (JEP 483/514) of the
 * classes it loads and links while starting. The cache is trained after the platform is ready, one
 * service at a time in the background ({@code -Dspring.context.exit=onRefresh}: the context starts
 * against the running datastores and the JVM exits, writing the cache), so the next start uses it.
 * A rebuilt jar is extracted again and its cache trained again. The trace viewer (Zipkin) gets the
 * same, extracted by {@link BootJarExtraction}. Measured in docs/benchmarks.md.
 */
final class StartUpCache implements AutoCloseable {

    /** The trace viewer, Zipkin: cached like the services, though its jar is not one of ours. */
    static final String TRACE_VIEWER = "zipkin";

    /** Where {@code make build} copies Zipkin's server jar. */
    static final String TRACE_VIEWER_JAR = "devstack/target/zipkin-server.jar";

    private final Path java;
    private final Path root;
    private final String version;
    private final String directoryName;
    private volatile Process training;
    private volatile Thread trainer;
    private volatile boolean closed;
    private final Map<String, String> builtHashes = new ConcurrentHashMap<>();

    StartUpCache(Path root, String version) {
        this(root, version, "aot");
    }

    private StartUpCache(Path root, String version, String directoryName) {
        this.java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        this.root = root;
        this.version = version;
        this.directoryName = directoryName;
    }

    /**
     * {@code make bench}'s, to time {@code make run}'s starts from nothing (no extracted jar, no
     * cache) without touching the developer's own: {@link #clear()} first.
     */
    static StartUpCache forBench(Path root, String version) {
        return new StartUpCache(root, version, "aot-bench");
    }

    /** Deletes every extracted jar and cache of this kind, as a clean clone has none. */
    void clear() throws IOException {
        for (Platform.Service service : Platform.SERVICES) {
            Directories.deleteRecursively(directory(service.name()));
        }
        Directories.deleteRecursively(directory(TRACE_VIEWER));
    }

    /**
     * How one cached JVM is laid out: the jar the build makes, where it is extracted, whether Boot's
     * {@code jarmode=tools} can extract it (Zipkin's jar has a launch script, which the tool refuses,
     * so {@link BootJarExtraction} does), and the variable that moves its port for training.
     */
    private record Layout(Path builtJar, Path directory, boolean bootTool, String portVariable) {
    }

    /** The one place that tells the trace viewer from a service. */
    private Layout layout(String module) {
        if (module.equals(TRACE_VIEWER)) {
            return new Layout(root.resolve(TRACE_VIEWER_JAR),
                    root.resolve("devstack").resolve("target").resolve(directoryName).resolve(TRACE_VIEWER), false, "QUERY_PORT");
        }
        Path target = root.resolve(module).resolve("target");
        return new Layout(target.resolve(module + "-" + version + "-exec.jar"), target.resolve(directoryName), true, "SERVER_PORT");
    }

    private Path directory(String module) {
        return layout(module).directory();
    }

    private Path execJar(String module) {
        return layout(module).builtJar();
    }

    private Path cache(String module) {
        return directory(module).resolve(module + ".aot");
    }

    private Path extracted(String module) {
        return directory(module).resolve(execJar(module).getFileName());
    }

    /**
     * The jar to launch: the extracted one, extracted anew (and its cache dropped) when the built jar
     * is not the one extracted. Call before the service starts.
     */
    Path jar(String module) {
        Path built = execJar(module);
        Path extracted = extracted(module);
        try {
            if (!Files.exists(built)) {
                return built;
            }
            if (!current(module)) {
                Files.deleteIfExists(cache(module));
                Files.deleteIfExists(stamp(module));
                if (extract(module) && Files.exists(extracted)) {
                    Files.writeString(stamp(module), builtHash(module));
                }
            }
            return current(module) ? extracted : built;
        }
        catch (IOException ex) {
            return built;
        }
    }

    private boolean extract(String module) throws IOException {
        Layout layout = layout(module);
        if (!layout.bootTool()) {
            Directories.deleteRecursively(layout.directory());
            BootJarExtraction.extract(layout.builtJar(), layout.directory(), layout.builtJar().getFileName().toString());
            return true;
        }
        return run(List.of(java.toString(), "-Djarmode=tools", "-jar", layout.builtJar().toString(), "extract", "--force",
                "--destination", layout.directory().toString()), Map.of(), 120) == 0;
    }

    /**
     * Whether the extracted jar is the one built, by content: builds are reproducible, so every
     * build's jar has the same modification time, and only its digest tells a rebuilt jar apart.
     */
    private boolean current(String module) {
        try {
            String built = builtHash(module);
            return built != null && Files.exists(extracted(module)) && Files.exists(stamp(module))
                    && Files.readString(stamp(module)).equals(built);
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** The digest of the jar as built when this run first looked: a build made while it runs waits for the next start. */
    private String builtHash(String module) {
        return builtHashes.computeIfAbsent(module, m -> {
            try (var in = Files.newInputStream(execJar(m))) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            }
            catch (IOException | NoSuchAlgorithmException ex) {
                return null;
            }
        });
    }

    /** Beside the extracted jar: the digest of the built jar it was extracted from. */
    private Path stamp(String module) {
        return directory(module).resolve(execJar(module).getFileName() + ".sha256");
    }

    /** The flags that use the service's cache, when it has one trained on this jar. */
    List<String> flags(String module) {
        return missing(module) ? List.of() : List.of("-XX:AOTCache=" + cache(module));
    }

    /**
     * Whether the service starts without a cache this time (the next start will have one). A cache
     * is dropped whenever its jar is extracted anew, so one beside the current jar was trained on it.
     */
    boolean missing(String module) {
        return !current(module) || !Files.exists(cache(module));
    }

    /**
     * Trains the caches the services lack, one at a time, at low priority, with each one's
     * environment and flags; stops at {@link #close()}.
     */
    void trainMissing(List<ServiceProcess> services) {
        Thread trainer = new Thread(() -> {
            for (ServiceProcess service : services) {
                // The jar the service runs from, never extracted again here: that would overwrite a
                // running service's class path (a build made while make run runs waits for the next start).
                if (closed || !missing(service.name()) || !current(service.name())) {
                    continue;
                }
                train(service);
            }
        }, "agora-aot-training");
        trainer.setDaemon(true);
        this.trainer = trainer;
        trainer.start();
    }

    /** Waits for {@link #trainMissing} to finish; whether it did within {@code timeout}. */
    boolean awaitTraining(java.time.Duration timeout) throws InterruptedException {
        Thread running = trainer;
        if (running == null) {
            return true;
        }
        running.join(timeout);
        return !running.isAlive();
    }

    private void train(ServiceProcess service) {
        Path cache = cache(service.name());
        Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
        List<String> command = new ArrayList<>(List.of("nice", "-n", "10", java.toString()));
        command.addAll(ServiceProcess.START_UP_FLAGS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + partial, "-Dspring.context.exit=onRefresh", "-jar",
                extracted(service.name()).toString()));
        Map<String, String> environment = new java.util.HashMap<>(service.environment());
        // Any free port: the process make run started holds the real one.
        environment.put("SERVER_PORT", "0");
        environment.put(layout(service.name()).portVariable(), "0");
        try {
            if (run(command, environment, 600) == 0 && Files.exists(partial)) {
                Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            else {
                Files.deleteIfExists(partial);
            }
        }
        catch (IOException ex) {
            // No cache this time: the next start is as fast as this one, and trains again.
        }
    }

    private int run(List<String> command, Map<String, String> environment, int seconds) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        training = process;
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
        finally {
            training = null;
        }
    }


    /** Stops a training run under way; its partial cache is left for the next start to replace. */
    @Override
    public void close() {
        closed = true;
        Process running = training;
        if (running != null) {
            running.destroyForcibly();
        }
    }
}
