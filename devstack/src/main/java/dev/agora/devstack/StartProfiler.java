package dev.agora.devstack;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make profile-start}: {@code make run}'s start, profiled. Every service JVM starts with
 * async-profiler already sampling its CPU (an {@code -agentpath} in {@code JDK_JAVA_OPTIONS}, which
 * {@code make profile} cannot do: it attaches to a JVM that has already started). When all are
 * ready, each one's profile is stopped and written as a flame graph, and the CPU every process
 * spent until then is printed: on two cores, nine JVMs starting at once are limited by CPU, so the
 * seconds are what a faster start has to remove.
 */
final class StartProfiler {

    /** One sample per 5 ms of CPU: a start takes tens of seconds, and 1 ms would weigh on it. */
    static final String AGENT_OPTIONS = "start,event=cpu,interval=5ms,threads";

    private StartProfiler() {
    }

    static void main(String[] args) throws Exception {
        Path root = Path.of(DevStack.argument(args, "--root", "."));
        String version = DevStack.argument(args, "--version", "0.1.0-SNAPSHOT");
        Path data = Path.of(System.getenv().getOrDefault("AGORA_DATA_DIR", root.resolve(".agora").toString()));
        int gateway = Platform.gatewayPort(System.getenv());
        if (!LocalPorts.isFree(gateway)) {
            // The profile is of make run's own start, on its ports and data: not beside a running one.
            System.out.println("Port " + gateway + " (the gateway) is in use" + LocalPorts.holder(gateway).map(h -> " by " + h).orElse("")
                    + ": stop make run first; make profile-start starts the platform itself.");
            System.exit(1);
        }
        Path agentLibrary = Profiler.library();
        String agent = agentOption(agentLibrary, System.getenv("JDK_JAVA_OPTIONS"));
        Map<String, Map<String, String>> extra = new LinkedHashMap<>();
        for (Platform.Service service : Platform.SERVICES) {
            extra.put(service.name(), Map.of("JDK_JAVA_OPTIONS", agent));
        }
        Platform platform = new Platform(new Platform.Options(root, version, data, true, System.getenv(), null, extra));
        StartUpCache cache = new StartUpCache(root, version);
        platform.startUpCache(cache);
        // Ctrl-C stops the services too (both close at most once).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cache.close();
            platform.close();
        }, "agora-stop"));
        boolean started;
        try (cache; platform) {
            started = profile(platform, cache, agentLibrary, data);
        }
        if (!started) {
            System.out.println("Logs: " + data.resolve("logs").toAbsolutePath());
            System.exit(1);
        }
    }

    private static boolean profile(Platform platform, StartUpCache cache, Path agentLibrary, Path data) throws Exception {
        List<String> untrained = Platform.SERVICES.stream().map(Platform.Service::name).filter(cache::missing).toList();
        System.out.println("Starting Agora as make run does, every service under async-profiler ...");
        if (!untrained.isEmpty()) {
            System.out.println("No AOT cache yet for " + String.join(", ", untrained)
                    + ": this profiles a first start (make run trains the caches for the next one).");
        }
        long began = System.nanoTime();
        try {
            platform.start();
        }
        catch (RuntimeException ex) {
            // A service that does not come up is an expected failure: one line, no stack trace.
            System.out.println("Agora did not start: " + ex.getMessage());
            return false;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        List<ServiceProcess> measured = new ArrayList<>(platform.services());
        platform.traceViewerProcess().ifPresent(measured::add);
        Map<String, Double> cpu = new LinkedHashMap<>(ProcessCpu.snapshot(measured));
        double self = ProcessCpu.millis(Path.of("/proc/self"));
        if (self >= 0) {
            cpu.put("devstack (Mongo stand-in, GreenMail, checks)", self);
        }
        Path out = data.resolve("profiles")
            .resolve("start-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.printf(Locale.ROOT, "%nAll ready in %.1f s. CPU each process spent until then, and the flame graphs:%n%n", seconds);
        System.out.printf("%-46s %7s  %s%n", "PROCESS", "CPU s", "FLAME GRAPH");
        for (ServiceProcess service : platform.services()) {
            String written = "-";
            if (service.pid().isPresent()) {
                Path graph = out.resolve(service.name() + ".html");
                try {
                    Profiler.stop(service.pid().getAsLong(), agentLibrary, graph);
                    written = graph.toAbsolutePath().toString();
                }
                catch (Exception ex) {
                    // One service's graph lost (it exited, or refused the attach) is no reason to lose the others'.
                    written = "not written: " + ex.getMessage();
                }
            }
            System.out.printf(Locale.ROOT, "%-46s %7.1f  %s%n", service.name(), cpu.getOrDefault(service.name(), 0.0) / 1000, written);
        }
        for (var other : cpu.entrySet()) {
            if (platform.services().stream().noneMatch(s -> s.name().equals(other.getKey()))) {
                System.out.printf(Locale.ROOT, "%-46s %7.1f%n", other.getKey(), other.getValue() / 1000);
            }
        }
        double total = ProcessCpu.total(cpu) / 1000;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%nAll of them: %.1f CPU s in %.1f s on %d cores, %.0f %% of what the cores had.%n", total, seconds,
                cores, 100 * total / (seconds * cores));
        return true;
    }

    /** The service JVMs' {@code JDK_JAVA_OPTIONS}: the agent, after whatever the caller set. */
    static String agentOption(Path library, String existing) {
        String agent = "-agentpath:" + library.toAbsolutePath() + "=" + AGENT_OPTIONS;
        return existing == null || existing.isBlank() ? agent : existing.trim() + " " + agent;
    }
}
