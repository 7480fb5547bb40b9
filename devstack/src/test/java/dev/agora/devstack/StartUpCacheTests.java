package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StartUpCacheTests {

    private static Path file(Path path, Instant modified) throws Exception {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] { 1 });
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    @Test
    void usesACacheTrainedOnTheJarAsBuiltAndNoneOnceTheJarIsRebuilt(@TempDir Path root) throws Exception {
        Instant built = Instant.parse("2026-12-01T10:00:00Z");
        Path jar = file(root.resolve("order-svc/target/order-svc-1.0-exec.jar"), built);
        Path cache = file(root.resolve("order-svc/target/aot/order-svc.aot"), built.plusSeconds(60));
        StartUpCache startUp = new StartUpCache(root, "1.0");

        assertThat(startUp.flags("order-svc")).containsExactly("-XX:AOTCache=" + cache);
        assertThat(startUp.missing("order-svc")).isFalse();

        // A later build: the cache describes classes that may have changed.
        Files.setLastModifiedTime(jar, FileTime.from(built.plusSeconds(120)));
        assertThat(startUp.flags("order-svc")).isEmpty();
        assertThat(startUp.missing("order-svc")).isTrue();
    }

    @Test
    void aServiceNeverTrainedStartsWithoutACacheAndAMissingJarIsLaunchedAsIs(@TempDir Path root) throws Exception {
        file(root.resolve("user-svc/target/user-svc-1.0-exec.jar"), Instant.now());
        StartUpCache startUp = new StartUpCache(root, "1.0");

        assertThat(startUp.flags("user-svc")).isEmpty();
        assertThat(startUp.missing("user-svc")).isTrue();
        // Nothing built: the platform then says which jar is missing, as without the cache.
        assertThat(startUp.jar("review-svc")).isEqualTo(root.resolve("review-svc/target/review-svc-1.0-exec.jar"));
    }
}
