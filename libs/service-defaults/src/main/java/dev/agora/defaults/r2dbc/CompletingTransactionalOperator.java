package dev.agora.defaults.r2dbc;

import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link TransactionalOperator} whose transactions always run to their commit or rollback, even
 * when their subscriber goes away first.
 * <p>
 * Why: a subscriber leaves mid-transaction whenever a caller gives up (order-svc's read timeout,
 * a browser that closes the tab, a shutdown). Spring then rolls back concurrently with the
 * statement still in flight, and under load that rollback does not always win: a cancelled
 * reservation was seen committed with its first statement and without its lines
 * ({@code ReservationIT.reservationsCancelledMidFlightAreWholeOrAbsent}). Finishing the work instead
 * keeps every transaction whole; the caller that left asks again and finds the outcome through the
 * operation's idempotency, as it must after any lost answer.
 */
public final class CompletingTransactionalOperator implements TransactionalOperator {

    private final TransactionalOperator delegate;

    public CompletingTransactionalOperator(TransactionalOperator delegate) {
        this.delegate = delegate;
    }

    public static TransactionalOperator create(ReactiveTransactionManager transactions) {
        return new CompletingTransactionalOperator(TransactionalOperator.create(transactions));
    }

    @Override
    public <T> Mono<T> transactional(Mono<T> mono) {
        return runToEnd(delegate.transactional(mono));
    }

    @Override
    public <T> Flux<T> transactional(Flux<T> flux) {
        return execute(status -> flux);
    }

    /** The items come after the commit: until then they are not facts anyway. */
    @Override
    public <T> Flux<T> execute(TransactionCallback<T> action) {
        return runToEnd(delegate.execute(action).collectList()).flatMapIterable(items -> items);
    }

    private static <T> Mono<T> runToEnd(Mono<T> work) {
        // The subscriber's context goes in (tracing, an enclosing transaction); its cancel does not.
        return Mono.deferContextual(context -> Mono.fromFuture(work.contextWrite(context).toFuture(), true));
    }
}
