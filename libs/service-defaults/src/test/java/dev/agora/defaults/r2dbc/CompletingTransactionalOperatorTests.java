package dev.agora.defaults.r2dbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CompletingTransactionalOperatorTests {

    private final List<String> ends = new CopyOnWriteArrayList<>();

    /** Stands in for Spring's operator: reports how each "transaction" ended. */
    private final TransactionalOperator recording = new TransactionalOperator() {
        @Override
        public <T> Flux<T> execute(org.springframework.transaction.reactive.TransactionCallback<T> action) {
            return Flux.from(action.doInTransaction(null))
                .doOnComplete(() -> ends.add("commit"))
                .doOnError(e -> ends.add("rollback"))
                .doOnCancel(() -> ends.add("cancel"));
        }
    };

    private final TransactionalOperator operator = new CompletingTransactionalOperator(recording);

    @Test
    void aTransactionWhoseCallerLeavesStillRunsToItsCommit() {
        AtomicBoolean secondStatement = new AtomicBoolean();
        Mono<String> work = Mono.delay(Duration.ofMillis(100)).then(Mono.fromRunnable(() -> secondStatement.set(true)))
            .thenReturn("done");

        StepVerifier.create(operator.transactional(work))
            .expectSubscription()
            .thenCancel()
            .verify(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(secondStatement::get);
        await().atMost(Duration.ofSeconds(5)).until(() -> ends.equals(List.of("commit")));
    }

    @Test
    void theCallersContextReachesTheWork() {
        Mono<String> work = Mono.deferContextual(context -> Mono.just(context.get("trace")));
        StepVerifier.create(operator.transactional(work).contextWrite(Context.of("trace", "abc")))
            .expectNext("abc")
            .expectComplete()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void errorsAndEmptinessReachTheCaller() {
        StepVerifier.create(operator.transactional(Mono.error(new IllegalStateException("refused"))))
            .expectErrorMessage("refused")
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(operator.transactional(Mono.empty())).expectComplete().verify(Duration.ofSeconds(5));
        assertThat(ends).containsExactly("rollback", "commit");
    }

    @Test
    void aTransactionalFluxHandsOnItsItemsAfterTheCommit() {
        StepVerifier.create(operator.transactional(Flux.just(1, 2)).doOnNext(item -> ends.add("item " + item)))
            .expectNext(1, 2)
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        assertThat(ends).containsExactly("commit", "item 1", "item 2");
    }
}
