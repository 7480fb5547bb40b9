package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StartProfilerTests {

    /** The JVM the test starts: busy in one recognisable method while it starts, idle after. */
    public static final class Starter {

        public static void main(String[] args) throws InterruptedException {
            long sum = 0;
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                sum = startAgoraTestWork(sum);
            }
            // The sum is printed so that the work cannot be optimised away.
            System.out.println("agora-starter-ready " + sum);
            Thread.sleep(Long.MAX_VALUE);
        }

        static long startAgoraTestWork(long seed) {
            return ProfilerTests.Spinner.spinAgoraTestLoop(seed);
        }
    }

    @Test
    void profilesAJvmFromItsFirstMomentsAndWritesTheFlameGraphOnceItHasStarted(@TempDir Path dir) throws Exception {
        Path library = Profiler.library();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve("starter.log");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Starter.class.getName())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JDK_JAVA_OPTIONS", StartProfiler.agentOption(library, null));
        Process starter = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(log).contains("agora-starter-ready") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).contains("agora-starter-ready");
            Path out = dir.resolve("starter.html");
            // The work ran before anything could attach: only a profiler there from launch saw it.
            Profiler.stop(starter.pid(), library, out);
            assertThat(Files.readString(out)).contains("<html", "startAgoraTestWork");
        }
        finally {
            starter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void addsTheAgentAfterTheCallersOwnOptions() {
        Path library = Path.of("/tmp/p/libasyncProfiler.so");
        assertThat(StartProfiler.agentOption(library, null))
            .isEqualTo("-agentpath:/tmp/p/libasyncProfiler.so=start,event=cpu,interval=5ms,threads");
        assertThat(StartProfiler.agentOption(library, " -Xlog:disable "))
            .isEqualTo("-Xlog:disable -agentpath:/tmp/p/libasyncProfiler.so=start,event=cpu,interval=5ms,threads");
    }
}
