package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resident memory of the services' JVMs, from {@code /proc/<pid>/status} ({@code VmRSS}). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Megabytes resident per running service; empty where /proc is not there. */
    static Map<String, Double> residentMb(List<ServiceProcess> services) {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            service.pid().ifPresent(pid -> {
                long kb = residentKb(Path.of("/proc", Long.toString(pid), "status"));
                if (kb >= 0) {
                    rss.put(service.name(), kb / 1024.0);
                }
            });
        }
        return rss;
    }

    /** The {@code VmRSS} line of a {@code status} file, in kB, or -1 without one. */
    static long residentKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
                }
            }
            return -1;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }
}
