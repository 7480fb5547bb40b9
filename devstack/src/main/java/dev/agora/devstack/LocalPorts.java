package dev.agora.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of {@code make run}'s ports are taken, and by whom. Datastores and internal services move
 * to a free port when theirs is taken; the gateway and the web app, which people type into a
 * browser or a client, do not: {@code make run} stops with one line instead.
 */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Whether nothing listens on {@code port} (any address), as the services bind it. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * The process listening on {@code port}, as "pid 123 (java -jar ...)", when Linux's /proc tells
     * (only for processes this user may inspect).
     */
    static Optional<String> holder(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            inodes.addAll(listeningInodes(Path.of(table), port));
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                .filter(p -> holdsAny(p, inodes))
                .findFirst()
                .map(p -> "pid " + p.getFileName() + command(p).map(c -> " (" + c + ")").orElse(""));
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    private static Set<String> listeningInodes(Path table, int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // local_address ends in the port; state 0A is LISTEN; field 9 is the socket inode.
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    inodes.add(f[9]);
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // No /proc (not Linux) or not readable: the holder stays unknown.
        }
        return inodes;
    }

    private static boolean holdsAny(Path process, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                }
                catch (IOException | RuntimeException ex) {
                    return false;
                }
            });
        }
        catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    private static Optional<String> command(Path process) {
        try {
            String line = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ').replaceAll("\\s+", " ").trim();
            return line.isEmpty() ? Optional.empty() : Optional.of(line.length() > 80 ? line.substring(0, 77) + "..." : line);
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }
}
