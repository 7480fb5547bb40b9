package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StartUpCacheTests {

    private static Path file(Path path, int content) throws Exception {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] { (byte) content });
        return path;
    }

    /** What a start leaves when it has extracted {@code module}'s built jar into {@code directory}. */
    private static void extracted(Path root, String module, String directory) throws Exception {
        Path built = root.resolve(module + "/target/" + module + "-1.0-exec.jar");
        file(root.resolve(module + "/target/" + directory + "/" + module + "-1.0-exec.jar"), 9);
        Files.writeString(root.resolve(module + "/target/" + directory + "/" + module + "-1.0-exec.jar.sha256"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(built))));
    }

    @Test
    void makeRunCapsTheYoungGenerationThatIdleJvmsOtherwiseKeepFullOfGarbage(@TempDir Path root) throws Exception {
        file(root.resolve("order-svc/target/order-svc-1.0-exec.jar"), 1);
        extracted(root, "order-svc", "aot");
        Path cache = file(root.resolve("order-svc/target/aot/order-svc.aot"), 1);

        assertThat(Platform.makeRunFlags(new StartUpCache(root, "1.0"), "order-svc")).containsExactly("-Xms48m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmn12m", "-XX:AOTCache=" + cache);
    }

    @Test
    void usesACacheTrainedOnTheJarAsBuiltAndNoneOnceTheJarIsRebuiltEvenWithTheSameTimestamp(@TempDir Path root) throws Exception {
        Path jar = file(root.resolve("order-svc/target/order-svc-1.0-exec.jar"), 1);
        extracted(root, "order-svc", "aot");
        Path cache = file(root.resolve("order-svc/target/aot/order-svc.aot"), 1);
        StartUpCache startUp = new StartUpCache(root, "1.0");

        assertThat(startUp.flags("order-svc")).containsExactly("-XX:AOTCache=" + cache);
        assertThat(startUp.missing("order-svc")).isFalse();

        // A later build: the cache describes classes that may have changed. Builds are reproducible,
        // so the rebuilt jar has the same modification time as the one before.
        var timestamp = Files.getLastModifiedTime(jar);
        Files.write(jar, new byte[] { 2 });
        Files.setLastModifiedTime(jar, timestamp);
        StartUpCache next = new StartUpCache(root, "1.0");
        assertThat(next.flags("order-svc")).isEmpty();
        assertThat(next.missing("order-svc")).isTrue();
    }

    @Test
    void aServiceNeverTrainedStartsWithoutACacheAndAMissingJarIsLaunchedAsIs(@TempDir Path root) throws Exception {
        file(root.resolve("user-svc/target/user-svc-1.0-exec.jar"), 1);
        StartUpCache startUp = new StartUpCache(root, "1.0");

        assertThat(startUp.flags("user-svc")).isEmpty();
        assertThat(startUp.missing("user-svc")).isTrue();
        // Nothing built: the platform then says which jar is missing, as without the cache.
        assertThat(startUp.jar("review-svc")).isEqualTo(root.resolve("review-svc/target/review-svc-1.0-exec.jar"));
    }

    @Test
    void extractsTheTraceViewerBesideTheDevstackAndCachesItOnceTrained(@TempDir Path root) throws Exception {
        Path built = root.resolve(StartUpCache.TRACE_VIEWER_JAR);
        Files.createDirectories(built.getParent());
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(built))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\nStart-Class: zipkin.server.ZipkinServer\n".getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/classpath.idx"));
            zip.write("- \"BOOT-INF/lib/armeria.jar\"\n".getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/lib/armeria.jar"));
            zip.write(1);
        }
        StartUpCache startUp = new StartUpCache(root, "1.0");
        Path extracted = root.resolve("devstack/target/aot/zipkin/zipkin-server.jar");

        assertThat(startUp.jar(StartUpCache.TRACE_VIEWER)).isEqualTo(extracted).exists();
        assertThat(extracted.resolveSibling("lib/armeria.jar")).exists();
        assertThat(startUp.missing(StartUpCache.TRACE_VIEWER)).isTrue();

        Path cache = file(root.resolve("devstack/target/aot/zipkin/zipkin.aot"), 1);
        assertThat(new StartUpCache(root, "1.0").flags(StartUpCache.TRACE_VIEWER)).containsExactly("-XX:AOTCache=" + cache);
    }
}
