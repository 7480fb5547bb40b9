package dev.agora.product.product;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** How a product write that keeps meeting another writer ends: with the 409 it met, not a 500. */
class ProductChangesTests {

    @Test
    void aSlugTakenOnEveryTryEndsAsTheConflictItIs() {
        AtomicInteger tries = new AtomicInteger();
        Mono<Object> write = Mono.defer(() -> {
            tries.incrementAndGet();
            return Mono.error(new DuplicateKeyException("duplicate key value violates unique constraint \"products_slug_key\""));
        });

        StepVerifier.create(write.retryWhen(ProductChanges.SLUG_TAKEN_MEANWHILE)
                .onErrorMap(DuplicateKeyException.class, ProductChanges::duplicate))
            .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("being written at the same moment"))
            .verify(Duration.ofSeconds(5));
        assertThat(tries).hasValue(4);
    }

    @Test
    void aSkuTakenIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        Mono<Object> write = Mono.defer(() -> {
            tries.incrementAndGet();
            return Mono.error(new DuplicateKeyException("duplicate key value violates unique constraint \"products_sku_key\""));
        });

        StepVerifier.create(write.retryWhen(ProductChanges.SLUG_TAKEN_MEANWHILE))
            .expectError(DuplicateKeyException.class)
            .verify(Duration.ofSeconds(5));
        assertThat(tries).hasValue(1);
    }

    @Test
    void aProductChangedUnderneathOnEveryTryEndsAsTheStaleConflict() {
        StepVerifier.create(Mono.error(new ProductChanges.Stale()).retryWhen(ProductChanges.CHANGED_MEANWHILE))
            .expectError(ProductChanges.Stale.class)
            .verify(Duration.ofSeconds(5));
    }
}
