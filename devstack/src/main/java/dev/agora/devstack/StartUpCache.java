package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code make run}'s start-up cache: each service runs from its jar extracted by Spring Boot's
 * {@code jarmode=tools} (a plain class path, which the JVM's ahead-of-time cache needs and which
 * alone loads classes faster than the nested jar), with a JDK 25 AOT cache (JEP 483/514) of the
 * classes it loads and links while starting. The cache is trained after the platform is ready, one
 * service at a time in the background ({@code -Dspring.context.exit=onRefresh}: the context starts
 * against the running datastores and the JVM exits, writing the cache), so the next start uses it.
 * A rebuilt jar is extracted again and its cache trained again. Measured in docs/benchmarks.md.
 */
final class StartUpCache implements AutoCloseable {

    private final Path java;
    private final Path root;
    private final String version;
    private volatile Process training;
    private volatile boolean closed;

    StartUpCache(Path root, String version) {
        this.java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        this.root = root;
        this.version = version;
    }

    private Path directory(String module) {
        return root.resolve(module).resolve("target").resolve("aot");
    }

    private Path execJar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }

    private Path cache(String module) {
        return directory(module).resolve(module + ".aot");
    }

    private Path extracted(String module) {
        return directory(module).resolve(execJar(module).getFileName());
    }

    /** The jar to launch: the extracted one, extracted anew when the built jar is newer. Call before the service starts. */
    Path jar(String module) {
        Path built = execJar(module);
        Path extracted = extracted(module);
        try {
            if (!Files.exists(built)) {
                return built;
            }
            if (!Files.exists(extracted) || modified(extracted).compareTo(modified(built)) < 0) {
                Files.deleteIfExists(cache(module));
                run(List.of(java.toString(), "-Djarmode=tools", "-jar", built.toString(), "extract", "--force", "--destination",
                        directory(module).toString()), Map.of(), 120);
                // Its time is the build's: a later build is newer, and the cache is checked against it.
                Files.setLastModifiedTime(extracted, modified(built));
            }
            return Files.exists(extracted) ? extracted : built;
        }
        catch (IOException ex) {
            return built;
        }
    }

    /** The flags that use the service's cache, when it has one trained on this jar. */
    List<String> flags(String module) {
        Path cache = cache(module);
        try {
            return Files.exists(cache) && modified(cache).compareTo(modified(execJar(module))) >= 0
                    ? List.of("-XX:AOTCache=" + cache) : List.of();
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    /** Whether the service starts without a cache this time (the next start will have one). */
    boolean missing(String module) {
        return flags(module).isEmpty();
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
                if (closed || !missing(service.name()) || !Files.exists(extracted(service.name()))) {
                    continue;
                }
                train(service);
            }
        }, "agora-aot-training");
        trainer.setDaemon(true);
        trainer.start();
    }

    private void train(ServiceProcess service) {
        Path cache = cache(service.name());
        Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
        List<String> command = new ArrayList<>(List.of("nice", "-n", "10", java.toString()));
        command.addAll(ServiceProcess.START_UP_FLAGS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + partial, "-Dspring.context.exit=onRefresh", "-jar",
                extracted(service.name()).toString()));
        Map<String, String> environment = new java.util.HashMap<>(service.environment());
        environment.put("SERVER_PORT", "0");
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

    private static FileTime modified(Path path) throws IOException {
        return Files.getLastModifiedTime(path);
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
