package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code make bench}'s measure of {@code make run} as a newcomer meets it: the platform started the
 * way {@code make run} starts it (its start-up flags, extracted jars, Zipkin), first from nothing
 * (empty data directory, no extracted jar, no AOT cache: a clean clone after its build), then, after
 * the caches were trained as {@code make run} trains them, a second time; and what the second one
 * burns and holds once idle. It keeps its jars and caches apart from the developer's
 * ({@link StartUpCache#forBench}).
 */
final class MakeRunStartUp {

    /**
     * @param firstSeconds until every service and datastore was ready, from nothing
     * @param nextSeconds the same, the next start
     * @param idleCpuMsPerSecond per process, the next start doing nothing
     * @param idleResidentMb per service JVM, the next start doing nothing
     */
    record Result(double firstSeconds, double nextSeconds, Map<String, Double> idleCpuMsPerSecond,
            Map<String, Double> idleResidentMb) {

        double idleCores() {
            return idleCpuMsPerSecond.values().stream().mapToDouble(Double::doubleValue).sum() / 1000;
        }

        double idleResidentTotalMb() {
            return idleResidentMb.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private MakeRunStartUp() {
    }

    static Result measure(Path root, String version, Path data) throws IOException, InterruptedException {
        StartUpCache cache = StartUpCache.forBench(root, version);
        cache.clear();
        Directories.deleteRecursively(data);
        double first;
        try (Platform platform = platform(root, version, data, cache)) {
            first = timedStart(platform);
            System.out.printf(java.util.Locale.ROOT, "make run, first start (nothing extracted, no AOT cache): all ready in %.1f s; "
                    + "training the AOT caches as make run does ...%n", first);
            cache.trainMissing(platform.cachedProcesses());
            if (!cache.awaitTraining(Duration.ofMinutes(15))) {
                throw new IllegalStateException("The AOT caches were not trained within 15 minutes");
            }
        }
        finally {
            cache.close();
        }
        try (Platform platform = platform(root, version, data, cache)) {
            double next = timedStart(platform);
            System.out.printf(java.util.Locale.ROOT, "make run, next start (AOT caches): all ready in %.1f s; idle until settled, "
                    + "then 30 s ...%n", next);
            Thread.sleep(20_000);
            ProcessCpu.settledRate(platform.services(), Duration.ofSeconds(10), 18);
            Map<String, Double> idle = ProcessCpu.rate(platform.services(), Duration.ofSeconds(30));
            return new Result(first, next, idle, ProcessMemory.residentMb(platform.services()));
        }
    }

    private static Platform platform(Path root, String version, Path data, StartUpCache cache) {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        // make run's trace viewer, which it starts unless told not to.
        environment.putIfAbsent("AGORA_TRACE_VIEWER", "zipkin");
        Platform platform = new Platform(new Platform.Options(root, version, data, false, environment, null, Map.of()));
        platform.startUpCache(cache);
        return platform;
    }

    private static double timedStart(Platform platform) {
        long began = System.nanoTime();
        platform.start();
        return (System.nanoTime() - began) / 1e9;
    }
}
