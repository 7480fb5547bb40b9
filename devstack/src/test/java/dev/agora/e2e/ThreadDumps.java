package dev.agora.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.agora.devstack.Platform;

/**
 * What a failure says when a request got no answer: where every service's thread stacks were
 * written, and the gateway's request threads that were not idle, which is where an answer stops
 * when it stops at the edge.
 *
 * <p>At most one dump at a time and one per {@link #REUSE} per platform: an overloaded platform
 * times out many requests at once, and a dump for each (one {@code jcmd} per service) once piled up
 * a thousand processes and all the machine's memory. The requests that time out meanwhile point at
 * the dump taken for the first.
 */
final class ThreadDumps implements Supplier<String> {

    static final Duration REUSE = Duration.ofSeconds(30);

    private final Supplier<Path> dump;
    private final Function<Path, String> summary;
    private final LongSupplier clock;
    private Path last;
    private String lastSummary;
    private long lastAt;

    ThreadDumps(Supplier<Path> dump, Function<Path, String> summary, LongSupplier nanoClock) {
        this.dump = dump;
        this.summary = summary;
        this.clock = nanoClock;
    }

    /** A bounded source of thread dumps of {@code platform}, for {@link Api}. */
    static ThreadDumps of(Platform platform) {
        return new ThreadDumps(platform::dumpThreads, dir -> busy(dir.resolve("gateway.txt")), System::nanoTime);
    }

    /** Dumps every service's threads, or names the dump taken less than {@link #REUSE} ago; one at a time. */
    @Override
    public synchronized String get() {
        if (last != null && clock.getAsLong() - lastAt < REUSE.toNanos()) {
            return "thread stacks of every service in " + last + " (taken for an earlier request that got no answer)" + lastSummary;
        }
        last = dump.get();
        lastAt = clock.getAsLong();
        lastSummary = summary.apply(last);
        return "thread stacks of every service in " + last + lastSummary;
    }

    /** The gateway's event-loop threads that are not waiting for I/O, each with its top frames. */
    static String busy(Path dump) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dump);
        }
        catch (IOException ex) {
            return "";
        }
        StringBuilder summary = new StringBuilder();
        List<String> thread = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("\"")) {
                append(summary, thread);
                thread.clear();
            }
            if (!line.isBlank()) {
                thread.add(line);
            }
        }
        append(summary, thread);
        return summary.isEmpty() ? "; the gateway's event loops were all idle" : "; busy gateway event loops:" + summary;
    }

    private static void append(StringBuilder summary, List<String> thread) {
        if (thread.isEmpty() || !thread.get(0).contains("reactor-http")) {
            return;
        }
        boolean idle = thread.stream().anyMatch(line -> line.contains("epollWait") || line.contains("EPoll.wait"));
        if (!idle) {
            summary.append('\n').append(String.join("\n", thread.subList(0, Math.min(thread.size(), 8))));
        }
    }
}
