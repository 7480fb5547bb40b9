package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by processes, from {@code /proc/<pid>/stat} (user + system, in clock ticks of
 * 10 ms, the Linux default): the bench's services by pid, and PostgreSQL and Redis by command
 * name (every {@code postgres} process, since PostgreSQL forks one per connection, and the
 * {@code redis-server…} binary, whose name the embedded one extends with its version).
 */
final class ProcessCpu {

    private static final double TICK_MS = 10.0;

    private ProcessCpu() {
    }

    /** Milliseconds of CPU so far, per service and for the datastores; empty where /proc is not there. */
    static Map<String, Double> snapshot(List<ServiceProcess> services) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            service.pid().ifPresent(pid -> {
                double ms = millis(Path.of("/proc", Long.toString(pid)));
                if (ms >= 0) {
                    cpu.put(service.name(), ms);
                }
            });
        }
        try (var all = Files.list(Path.of("/proc"))) {
            for (Path proc : all.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String name = command(proc);
                if (name.equals("postgres") || name.startsWith("redis-server")) {
                    double ms = millis(proc);
                    if (ms >= 0) {
                        cpu.merge(name.equals("postgres") ? "postgresql" : "redis", ms, Double::sum);
                    }
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // No /proc (not Linux): nothing to report.
        }
        return cpu;
    }

    /**
     * The service JVMs' CPU so far, and the part of it their JIT compiler threads spent: a JVM still
     * compiling its hot paths is not warm, whatever its throughput says.
     */
    record Jvms(double totalMs, double compilerMs) {

        /** The compiler's share of the JVMs' CPU between {@code before} and this; NaN without /proc. */
        double compilerShareSince(Jvms before) {
            double total = totalMs - before.totalMs;
            return total > 0 ? (compilerMs - before.compilerMs) / total : Double.NaN;
        }
    }

    static Jvms jvms(List<ServiceProcess> services) {
        double total = 0;
        double compiler = 0;
        for (ServiceProcess service : services) {
            var pid = service.pid();
            if (pid.isPresent()) {
                Path proc = Path.of("/proc", Long.toString(pid.getAsLong()));
                total += Math.max(0, millis(proc));
                compiler += compilerMillis(proc);
            }
        }
        return new Jvms(total, compiler);
    }

    /** CPU spent by the JVM's C1 and C2 compiler threads (named "C1 CompilerThread0" and so on; /proc cuts names at 15). */
    static double compilerMillis(Path proc) {
        double ms = 0;
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                if (command(task).matches("C[12] CompilerThre.*")) {
                    ms += Math.max(0, millis(task));
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // Gone, or no /proc: nothing spent that can be seen.
        }
        return ms;
    }

    /**
     * Samples the processes' CPU in windows of {@code window} until the platform's total stops
     * falling (at most {@code maxWindows}), and answers the last window's CPU ms per second per
     * process: a platform just started, or just done with a set-up, is still compiling and
     * catching up on events, which is not what it burns doing nothing.
     */
    static Map<String, Double> settledRate(List<ServiceProcess> services, Duration window, int maxWindows)
            throws InterruptedException {
        Map<String, Double> rate = rate(services, window);
        for (int sample = 1; sample < maxWindows; sample++) {
            Map<String, Double> next = rate(services, window);
            boolean settled = stoppedFalling(total(rate), total(next));
            rate = next;
            if (settled) {
                break;
            }
        }
        return rate;
    }

    /** Whether a window's total is no longer clearly below the one before (5 ms/s or 10 %, whichever is more). */
    static boolean stoppedFalling(double previousTotal, double total) {
        return total > previousTotal - Math.max(5, 0.1 * previousTotal);
    }

    /** CPU ms per second per process over {@code window}. */
    static Map<String, Double> rate(List<ServiceProcess> services, Duration window) throws InterruptedException {
        Map<String, Double> before = snapshot(services);
        Thread.sleep(window.toMillis());
        Map<String, Double> rate = new LinkedHashMap<>();
        double seconds = window.toMillis() / 1000.0;
        spent(before, snapshot(services)).forEach((process, ms) -> rate.put(process, ms / seconds));
        return rate;
    }

    /** The sum over all processes. */
    static double total(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@code after - before} per process, for processes in both (a PostgreSQL backend may come and go). */
    static Map<String, Double> spent(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, ms) -> spent.put(name, Math.max(0, ms - before.getOrDefault(name, 0.0))));
        return spent;
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        }
        catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    /** utime + stime of the process, or -1 when it is gone. */
    static double millis(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // The command may hold spaces and parentheses: fields are counted after its closing ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MS;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }
}
