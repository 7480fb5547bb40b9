package dev.agora.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM process, with its output in a log file.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private final String readinessPath;
    /**
     * {@code make run}'s: small heap, serial GC and C1 only, which start fastest; {@link #jvmFlags}
     * changes them. {@code -Xms48m} because the JVM's default initial heap is 1/64 of the machine's
     * memory, the whole {@code -Xmx} on a 24 GiB machine, and serial GC then touches a young
     * generation of about 110 MB in every idle JVM (docs/benchmarks.md: 2.87 GB resident for the
     * nine before, 2.26 GB after, start-up unchanged).
     */
    static final List<String> START_UP_FLAGS = List.of("-Xms48m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /**
     * Added for {@code make run} only: a young generation of 12 MB. Without it serial GC sizes the
     * young generation from the heap the start-up grew, and every idle JVM keeps an eden of about
     * 25 MB touched and full of garbage (docs/benchmarks.md: 2,309–2,321 MB resident for the nine,
     * 2,061 MB with it, all ready as fast). Tests keep the default: they load the services far
     * harder than a developer clicking through the web app, and a small young generation would
     * promote more of that load into the old one.
     */
    static final List<String> MAKE_RUN_MEMORY_FLAGS = List.of("-Xmn12m");

    private List<String> jvmFlags = START_UP_FLAGS;
    private Process process;
    private Duration startup = Duration.ZERO;
    private long started;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this(name, jar, port, environment, log, "/actuator/health/readiness");
    }

    /** A process that says it is ready elsewhere than Spring Boot's probe (the trace viewer: {@code /health}). */
    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log, String readinessPath) {
        this.name = name;
        this.readinessPath = readinessPath;
        this.jar = jar;
        this.port = port;
        this.environment = new java.util.LinkedHashMap<>(environment);
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The environment the next {@link #start()} uses; change it to restart differently. */
    public Map<String, String> environment() {
        return environment;
    }

    public Path log() {
        return log;
    }

    public Duration startup() {
        return startup;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The JVM flags the next {@link #start()} uses. */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    public void jvmFlags(List<String> flags) {
        this.jvmFlags = List.copyOf(flags);
    }

    /** The process id while it runs. */
    public synchronized java.util.OptionalLong pid() {
        return process != null && process.isAlive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
    }

    /** Starts the process; {@link #awaitReady(Duration)} waits for its readiness probe. */
    public synchronized void start() {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: build first (make build)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            started = System.nanoTime();
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name, ex);
        }
    }

    /**
     * Polls its readiness path ({@code /actuator/health/readiness}) until it answers 200, once its
     * port is open. Until then a plain connect is the probe: the HTTP client's refused request costs
     * far more CPU, and nine services polled that way every 200 ms took 3.5 CPU seconds of a start
     * that is short of CPU (docs/benchmarks.md, "Where a start's time goes").
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + readinessPath))
            .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            if (!listening()) {
                sleep(100);
                continue;
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    startup = Duration.ofNanos(System.nanoTime() - started);
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, ex);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * The process's thread stacks ({@code jcmd Thread.print}), written to {@code file}: what a stuck
     * request was waiting for. Answers whether a dump was written.
     */
    public boolean dumpThreads(Path file) {
        java.util.OptionalLong pid = pid();
        if (pid.isEmpty()) {
            return false;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Files.createDirectories(file.getParent());
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid.getAsLong()), "Thread.print", "-l")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            return dump.waitFor(30, TimeUnit.SECONDS) && dump.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM: Spring's graceful shutdown) without waiting; {@link #stop()} then waits. */
    public synchronized void signalStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Asks the process to stop (SIGTERM: Spring's graceful shutdown), then kills it after a grace period. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Freezes the process (SIGSTOP): it holds its connections and answers nothing, as a stalled JVM would. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException(this.name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, no graceful drain, as in a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
