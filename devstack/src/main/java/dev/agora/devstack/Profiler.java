package dev.agora.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.sun.tools.attach.VirtualMachine;

/**
 * {@code make profile SERVICE=<name> SECONDS=30}: loads async-profiler (the native library the
 * {@code tools.profiler:async-profiler} jar on Maven Central ships) into a service of a running
 * {@code make run} through the JDK attach API, samples CPU for the given time and writes a flame
 * graph as HTML.
 */
final class Profiler {

    private Profiler() {
    }

    static void main(String[] args) throws Exception {
        String service = DevStack.argument(args, "--service", "");
        int seconds = Integer.parseInt(DevStack.argument(args, "--seconds", "30"));
        Path root = Path.of(DevStack.argument(args, "--root", "."));
        Path data = Path.of(System.getenv().getOrDefault("AGORA_DATA_DIR", root.resolve(".agora").toString()));
        List<String> names = Platform.SERVICES.stream().map(Platform.Service::name).toList();
        if (!names.contains(service)) {
            System.out.println("Name the service to profile: make profile SERVICE=<" + String.join("|", names) + "> [SECONDS=30]");
            System.exit(2);
        }
        ProcessHandle process = ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(c -> isService(c, service)).orElse(false))
            .findFirst().orElse(null);
        if (process == null) {
            System.out.println("No running " + service + ": start the platform with make run first (in another terminal).");
            System.exit(1);
        }
        Path out = data.resolve("profiles").resolve(service + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".html");
        System.out.println("Profiling " + service + " (pid " + process.pid() + ") for " + seconds + " s ...");
        profile(process.pid(), Duration.ofSeconds(seconds), out);
        System.out.println("Flame graph: " + out.toAbsolutePath());
    }

    /** Whether a command line runs the given service's jar. */
    static boolean isService(String commandLine, String service) {
        return commandLine.matches(".*[ /]" + java.util.regex.Pattern.quote(service) + "-[^ /]*\\.jar( .*)?");
    }

    /** Samples the JVM {@code pid}'s CPU (and its threads) for {@code duration}, then writes the flame graph to {@code out}. */
    static void profile(long pid, Duration duration, Path out) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path library = library();
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            // cpu uses perf events where the kernel allows them and falls back to a timer where it does not.
            vm.loadAgentPath(library.toString(), "start,event=cpu,interval=1ms,threads");
            Thread.sleep(duration.toMillis());
            vm.loadAgentPath(library.toString(), "stop,file=" + out.toAbsolutePath());
        }
        finally {
            vm.detach();
        }
    }

    /**
     * Stops the profiler a JVM started with ({@code -agentpath:<library>=start,…}, as
     * {@link StartProfiler} starts the services) and writes its flame graph to {@code out}.
     */
    static void stop(long pid, Path library, Path out) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            // The same library path as at launch: the JVM hands the command to the agent already loaded.
            vm.loadAgentPath(library.toAbsolutePath().toString(), "stop,file=" + out.toAbsolutePath());
        }
        finally {
            vm.detach();
        }
    }

    /** The jar's native library for this machine, copied out where the target JVM can load it. */
    static Path library() throws IOException {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        String resource = os.contains("mac") ? "macos/libasyncProfiler.so"
                : arch.equals("aarch64") ? "linux-arm64/libasyncProfiler.so" : "linux-x64/libasyncProfiler.so";
        Path file = Files.createTempDirectory("agora-profiler").resolve("libasyncProfiler.so");
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("async-profiler has no " + resource);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return file;
    }
}
