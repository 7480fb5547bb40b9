package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilerTests {

    /** The JVM the test profiles: busy in one recognisable method. */
    public static final class Spinner {

        public static void main(String[] args) {
            long sum = 0;
            while (true) {
                sum = spinAgoraTestLoop(sum);
                if (sum == 42) {
                    System.out.println(sum);
                }
            }
        }

        static long spinAgoraTestLoop(long seed) {
            long x = seed;
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            return x;
        }
    }

    @Test
    void writesAFlameGraphOfWhereARunningJvmSpendsItsTime(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process spinner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Spinner.class.getName()).redirectErrorStream(true).redirectOutput(dir.resolve("spinner.log").toFile()).start();
        try {
            Thread.sleep(1500);
            Path out = dir.resolve("spinner.html");
            Profiler.profile(spinner.pid(), Duration.ofSeconds(2), out);
            String html = Files.readString(out);
            assertThat(html).contains("<html", "spinAgoraTestLoop");
        }
        finally {
            spinner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void findsAServiceByItsJar() {
        String line = "/usr/lib/jvm/jdk-25/bin/java -Xmx384m -XX:+UseSerialGC -jar /work/main/order-svc/target/order-svc-0.1.0-SNAPSHOT.jar";
        assertThat(Profiler.isService(line, "order-svc")).isTrue();
        assertThat(Profiler.isService(line, "user-svc")).isFalse();
        assertThat(Profiler.isService("java -jar devstack/target/devstack-0.1.0-SNAPSHOT-exec.jar --root .", "order-svc")).isFalse();
    }
}
