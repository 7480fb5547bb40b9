package dev.agora.product.media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalMediaStoreTests {

    @TempDir
    Path root;

    @Test
    void keepsBytesWithTheirTypeAndForgetsThemOnDelete() {
        LocalMediaStore store = new LocalMediaStore(root);
        byte[] bytes = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
        StepVerifier.create(store.put("abc/original", bytes, "image/jpeg")).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(store.get("abc/original"))
            .assertNext(stored -> {
                assertThat(stored.bytes()).isEqualTo(bytes);
                assertThat(stored.contentType()).isEqualTo("image/jpeg");
            })
            .expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(store.delete(List.of("abc/original", "abc/never-stored"))).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(store.get("abc/original")).expectComplete().verify(Duration.ofSeconds(5));
        assertThat(root.resolve("abc")).isEmptyDirectory();
    }

    @Test
    void neverReachesOutsideItsDirectory() {
        LocalMediaStore store = new LocalMediaStore(root);
        assertThatThrownBy(() -> store.get("../outside").block(Duration.ofSeconds(5)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
