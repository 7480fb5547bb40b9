package dev.agora.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.agora.devstack.Platform;

/**
 * What a failure says when a request got no answer: where every service's thread stacks were
 * written, and the gateway's request threads that were not idle, which is where an answer stops
 * when it stops at the edge.
 */
final class ThreadDumps {

    private ThreadDumps() {
    }

    static String of(Platform platform) {
        Path dir = platform.dumpThreads();
        return "thread stacks of every service in " + dir + busy(dir.resolve("gateway.txt"));
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
