package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessCpuTests {

    @Test
    void findsTheCpuOfThisJvmsJitCompilerThreads() throws Exception {
        Path self = Path.of("/proc", Long.toString(ProcessHandle.current().pid()));
        // Linux only: the JVM's threads are read from /proc, which macOS and Windows lack (the case above covers them).
        assumeTrue(Files.isDirectory(self.resolve("task")), "needs Linux /proc to read this JVM's compiler threads");
        double compiler = ProcessCpu.compilerMillis(self);
        // A test JVM has compiled plenty by now (JUnit, AssertJ, the HTTP server above).
        assertThat(compiler).isPositive().isLessThan(ProcessCpu.millis(self));
    }

    @Test
    void aProcessWithoutTaskEntriesCountsNoCompilingInsteadOfFailing(@TempDir Path notProc) {
        // What every process looks like where /proc is missing (macOS) or the process is gone: the
        // warm-up then decides on throughput alone (BenchTests), so nothing may throw here.
        assertThat(ProcessCpu.compilerMillis(notProc)).isZero();
        assertThat(new ProcessCpu.Jvms(0, 0).compilerShareSince(new ProcessCpu.Jvms(0, 0))).isNaN();
    }

    @Test
    void aPlatformStillCatchingUpHasNotSettledUntilItsCpuStopsFalling() {
        // Seen after the checkout set-up: product-svc alone burned far more than its idle rate for seconds.
        assertThat(ProcessCpu.stoppedFalling(180, 120)).isFalse();
        assertThat(ProcessCpu.stoppedFalling(120, 112)).isTrue();
        // Small totals: 5 ms/s is noise, not a fall.
        assertThat(ProcessCpu.stoppedFalling(30, 27)).isTrue();
        assertThat(ProcessCpu.stoppedFalling(30, 20)).isFalse();
        assertThat(ProcessCpu.stoppedFalling(100, 130)).isTrue();
    }
}
