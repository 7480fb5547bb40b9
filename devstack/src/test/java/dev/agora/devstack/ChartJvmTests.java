package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChartJvmTests {

    @Test
    void runsEachServiceAsTheChartDoesWithItsContainerLimitsAsFlags() {
        // The repository's own chart: the bench must follow it, whatever it says.
        ChartJvm chart = ChartJvm.of(Path.of("..").toAbsolutePath().normalize());

        List<String> flags = chart.flags("product-svc");

        assertThat(flags).contains("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError",
                "-XX:MaxRAM=" + 768L * 1024 * 1024, "-XX:ActiveProcessorCount=1");
        assertThat(flags).noneMatch(flag -> flag.startsWith("-XX:TieredStopAtLevel") || flag.startsWith("-Xmx"));
    }

    @Test
    void aServicesOwnSettingsWinOverTheDefaults(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("helm/agora"));
        Files.writeString(root.resolve("helm/agora/values.yaml"), """
                serviceDefaults:
                  resources:
                    limits: {cpu: "1", memory: 768Mi}
                  jvmOptions: "-XX:MaxRAMPercentage=70"
                services:
                  gateway:
                    resources:
                      limits: {cpu: 1500m, memory: 1Gi}
                    jvmOptions: "-XX:MaxRAMPercentage=60  -XX:+UseParallelGC"
                  user-svc: {}
                """);
        ChartJvm chart = ChartJvm.of(root);

        assertThat(chart.flags("gateway")).containsExactly("-XX:MaxRAMPercentage=60", "-XX:+UseParallelGC",
                "-XX:MaxRAM=1073741824", "-XX:ActiveProcessorCount=2");
        assertThat(chart.flags("user-svc")).containsExactly("-XX:MaxRAMPercentage=70", "-XX:MaxRAM=805306368",
                "-XX:ActiveProcessorCount=1");
    }

    @Test
    void readsKubernetesQuantities() {
        assertThat(ChartJvm.bytes("512Mi")).isEqualTo(512L * 1024 * 1024);
        assertThat(ChartJvm.bytes("1.5Gi")).isEqualTo(1610612736L);
        assertThat(ChartJvm.bytes("2G")).isEqualTo(2_000_000_000L);
        assertThat(ChartJvm.bytes("1048576")).isEqualTo(1048576L);
        assertThat(ChartJvm.processors("250m")).isEqualTo(1);
        assertThat(ChartJvm.processors("2")).isEqualTo(2);
        assertThat(ChartJvm.processors("2.1")).isEqualTo(3);
    }
}
