package dev.agora.product.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.agora.defaults.web.AgoraException;

import static org.assertj.core.api.Assertions.assertThat;

/** A store that fails (S3 down or refusing, a full disk) is a 503 to retry, and no blob is recorded. */
class MediaLibraryTests {

    private static final MediaProperties PROPERTIES = new MediaProperties(MediaProperties.Store.LOCAL, null,
            "https://shop.example/api/v1/media", null, new MediaProperties.Limits(10, DataSize.ofMegabytes(5), 32, 8000, 40_000_000));

    /** The table, as far as these calls go: nothing stored yet, and every insert remembered. */
    private static final class Blobs extends MediaBlobs {

        final List<Blob> inserted = new ArrayList<>();

        Blobs() {
            super(null);
        }

        @Override
        Mono<Blob> find(String sha256) {
            return Mono.empty();
        }

        @Override
        Mono<Void> lock(String sha256) {
            return Mono.empty();
        }

        @Override
        Mono<Void> insert(Blob blob, Instant now) {
            return Mono.fromRunnable(() -> inserted.add(blob));
        }
    }

    private static final class FailingStore implements MediaStore {

        @Override
        public Mono<Void> put(String key, byte[] bytes, String contentType) {
            return Mono.error(new IllegalStateException("S3 answered 500 InternalError"));
        }

        @Override
        public Mono<Stored> get(String key) {
            return Mono.error(new IllegalStateException("S3 answered 503 SlowDown"));
        }

        @Override
        public Mono<Void> delete(Collection<String> keys) {
            return Mono.error(new IllegalStateException("S3 answered 500 InternalError"));
        }
    }

    @Test
    void anUploadTheStoreRefusesIsA503AndRecordsNoBlob() throws IOException {
        Blobs blobs = new Blobs();
        MediaLibrary media = new MediaLibrary(blobs, new FailingStore(), null, PROPERTIES, Clock.systemUTC());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);

        StepVerifier.create(media.prepare(png.toByteArray()).flatMap(media::attach))
            .expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(AgoraException.class)
                .hasMessageContaining("503").hasMessageContaining("The image store is unavailable"))
            .verify(Duration.ofSeconds(10));
        assertThat(blobs.inserted).isEmpty();
    }

    @Test
    void readingFromAFailingStoreIsA503AndAnAddressThatNamesNoBlobIsNothing() {
        MediaLibrary media = new MediaLibrary(new Blobs(), new FailingStore(), null, PROPERTIES, Clock.systemUTC());
        StepVerifier.create(media.read("a".repeat(64), "original"))
            .expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(AgoraException.class).hasMessageContaining("503"))
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(media.read("../../etc/passwd", "original")).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(media.read("a".repeat(64), "exif")).expectComplete().verify(Duration.ofSeconds(5));
    }
}
