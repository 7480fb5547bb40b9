package dev.agora.defaults.r2dbc;

import java.util.function.Supplier;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Work that must only see what the current transaction wrote once it is committed (invalidating a
 * cache, waking a loop that reads those rows): registered to run after the commit, or run at once
 * when there is no transaction.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code work} after the current transaction commits (never if it rolls back), or now outside one. */
    public static Mono<Void> run(Supplier<Mono<Void>> work) {
        return TransactionSynchronizationManager.forCurrentTransaction()
            .filter(TransactionSynchronizationManager::isSynchronizationActive)
            .map(synchronization -> {
                synchronization.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.defer(work);
                    }
                });
                return true;
            })
            .onErrorResume(NoTransactionException.class, none -> Mono.empty())
            .switchIfEmpty(Mono.defer(() -> Mono.defer(work).thenReturn(true)))
            .then();
    }
}
