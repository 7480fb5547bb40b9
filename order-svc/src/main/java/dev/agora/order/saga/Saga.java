package dev.agora.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.agora.defaults.money.Money;
import dev.agora.order.OrderProperties;
import dev.agora.order.order.Compensations;
import dev.agora.order.order.FulfilmentRepository;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderRepository;
import dev.agora.order.order.OrderStatus;
import dev.agora.order.order.OrderTransitions;
import dev.agora.order.order.SagaStep;

/**
 * The checkout saga and its compensations, one persisted step at a time:
 * {@code reserve → charge → commit → done} on the happy path; a decline or a refusal goes to
 * {@code release} (and {@code refund} first when money was taken), ending in the status kept in
 * {@code saga_outcome}. A settled order whose customer cancelled a part goes to
 * {@code refund_parts}, which refunds and restocks each cancelled part, then back to {@code done}. Every remote call is idempotent per order, so re-running the current step
 * after a crash or an unknown outcome is always safe; the step only advances once its effect is
 * known. Whoever holds the order's lease drives it: the request that created it, or
 * {@link SagaRecovery} once the lease has run out.
 * <p>
 * The money rules: a payment the saga finds (its own, or one it adopts after
 * {@code order-already-paid}) is judged by its status: succeeded goes on, pending waits, anything
 * refunded in part or in whole never confirms the order. The {@code refund} step returns every live
 * payment of the order, not only the one on the order row, so no terminal path keeps money.
 */
@Service
public class Saga implements Compensations {

    private static final Logger log = LoggerFactory.getLogger(Saga.class);
    private static final String SYSTEM = "system:checkout";
    /** The context key under which {@link #checkout} takes the settled order. */
    private static final Object SETTLED = new Object();

    private final SagaSteps steps;
    private final TransactionalOperator tx;
    private final OrderRepository orders;
    private final FulfilmentRepository fulfilments;
    private final OrderTransitions transitions;
    private final InventoryClient inventory;
    private final PaymentClient payments;
    private final OrderProperties properties;
    private final Clock clock;
    private final SagaWakeUps wakeUps;

    Saga(SagaSteps steps, TransactionalOperator tx, OrderRepository orders, FulfilmentRepository fulfilments,
            OrderTransitions transitions,
            InventoryClient inventory, PaymentClient payments, OrderProperties properties, Clock clock,
            SagaWakeUps wakeUps) {
        this.steps = steps;
        this.tx = tx;
        this.orders = orders;
        this.fulfilments = fulfilments;
        this.transitions = transitions;
        this.inventory = inventory;
        this.payments = payments;
        this.properties = properties;
        this.clock = clock;
        this.wakeUps = wakeUps;
    }

    @Override
    public Mono<Void> recoverAfterCommit() {
        return wakeUps.afterCommit();
    }

    /**
     * Drives a new order's checkout as {@link #drive(Order)} does; emits the order as its last step
     * settled it, or, when checkout stopped short of settling (a step waits, or the order moved on
     * meanwhile), as it is now. The settled row is what the last step's statement returned, so the
     * answer costs no read.
     */
    public Mono<Order> checkout(Order order) {
        // The settling step lies several calls deep in every branch of drive: the context takes the
        // row back out, so that drive and its branches keep answering nothing.
        AtomicReference<Order> settled = new AtomicReference<>();
        return drive(order)
            .contextWrite(context -> context.put(SETTLED, settled))
            .then(Mono.defer(() -> Mono.justOrEmpty(settled.get())))
            .switchIfEmpty(Mono.defer(() -> orders.find(order.id())));
    }

    /** Runs steps until the saga is done or a step must wait; the caller holds the lease. */
    @Override
    public Mono<Void> drive(UUID orderId) {
        return orders.find(orderId).flatMap(this::drive);
    }

    /**
     * Runs steps of {@code order}, as its creator just wrote it or as read, until the saga is done or
     * a step must wait; the caller holds the lease. Each step moves conditionally on the step it was
     * given, so an order someone else moved meanwhile stops here.
     */
    public Mono<Void> drive(Order order) {
        return switch (order.sagaStep()) {
            case RESERVE -> inventory.reserve(order).flatMap(call -> afterReserve(order, call));
            case CHARGE -> payments.charge(order).flatMap(call -> afterCharge(order, call));
            case COMMIT -> inventory.commit(order.id()).flatMap(call -> afterCommit(order, call));
            case REFUND -> refundEveryPayment(order);
            case RELEASE -> inventory.release(order.id(), order.statusReason()).flatMap(call -> afterRelease(order, call));
            case REFUND_PARTS -> refundParts(order);
            default -> Mono.empty();
        };
    }

    private Mono<Void> afterReserve(Order order, Call call) {
        return switch (call) {
            case Call.Ok ok -> advance(order, SagaStep.CHARGE, null, null, null);
            case Call.Refused r when "insufficient-stock".equals(r.type()) ->
                // All or nothing: nothing is held, so there is nothing to release.
                finish(order, SagaStep.DONE, OrderStatus.CANCELLED, "insufficient_stock", shortage(r));
            // A retried reserve found its reservation expired and released: it holds nothing, never go on as if it did.
            case Call.Refused r when "reservation-expired".equals(r.type()) -> refused(order, r)
                .then(advance(order, SagaStep.RELEASE, OrderStatus.CANCELLED, "reservation_expired", r.detail()));
            case Call.Refused r -> refused(order, r)
                .then(advance(order, SagaStep.RELEASE, OrderStatus.CANCELLED, "inventory_refused", r.detail()));
            case Call.Unavailable u -> retryLater(order, u.error());
        };
    }

    /** A refusal that cancels an order is never routine: it goes in the log with the problem it came with. */
    private static Mono<Void> refused(Order order, Call.Refused refusal) {
        return Mono.fromRunnable(() -> log.warn("Order {} saga step {} refused with {} {}: {}", order.id(), order.sagaStep(),
                refusal.status(), refusal.type(), refusal.detail()));
    }

    private Mono<Void> afterCharge(Order order, Call call) {
        return switch (call) {
            case Call.Ok ok -> charged(order, ok.body());
            case Call.Refused r when "idempotency-key-in-flight".equals(r.type()) -> retryLater(order, "charge in flight");
            case Call.Refused r when "order-already-paid".equals(r.type()) -> payments.ofOrder(order.id())
                .flatMap(found -> found instanceof Call.Ok ok ? adopt(order, ok.body()) : retryLater(order, "payment lookup"));
            case Call.Refused r -> advance(order, SagaStep.RELEASE, OrderStatus.PAYMENT_FAILED, "payment_refused", r.detail());
            case Call.Unavailable u -> retryLater(order, u.error());
        };
    }

    /** What a payment of this order, the saga's own or an adopted one, means for the order. */
    private Mono<Void> charged(Order order, JsonNode payment) {
        UUID paymentId = UUID.fromString(payment.path("id").asString());
        return switch (payment.path("status").asString()) {
            case "succeeded" -> advance(order, SagaStep.COMMIT, null, null, null, paymentId);
            case "failed" -> advance(order, SagaStep.RELEASE, OrderStatus.PAYMENT_FAILED,
                    payment.path("failureCode").asString("payment_failed"),
                    payment.path("failureMessage").asString("The payment failed."), paymentId);
            // The charge is still with the provider: its outcome decides, so wait for it.
            case "pending" -> retryLater(order, "payment " + paymentId + " is still pending");
            // Refunded in part during checkout (by hand): the order is not paid; the rest goes back too.
            case "partially_refunded" -> advance(order, SagaStep.REFUND, OrderStatus.CANCELLED, "payment_refunded",
                    "The payment was partly refunded during checkout; the rest is refunded too.", paymentId);
            default -> advance(order, SagaStep.RELEASE, OrderStatus.CANCELLED, "payment_refunded",
                    "The payment was refunded during checkout.", paymentId);
        };
    }

    private Mono<Void> adopt(Order order, JsonNode list) {
        for (JsonNode payment : list) {
            if (!"failed".equals(payment.path("status").asString())) {
                return charged(order, payment);
            }
        }
        return retryLater(order, "the order's live payment is not visible yet");
    }

    /**
     * Refunds what is left of every payment of the order that holds money, one idempotency key per
     * payment; waits while one is still pending, since it may yet take money.
     */
    private Mono<Void> refundEveryPayment(Order order) {
        return payments.ofOrder(order.id()).flatMap(found -> switch (found) {
            case Call.Refused r when r.status() == 404 -> afterMoneyReturned(order);
            case Call.Refused r -> retryLater(order, "payments of the order refused: " + r.detail());
            case Call.Unavailable u -> retryLater(order, u.error());
            case Call.Ok ok -> refundEach(order, ok.body());
        });
    }

    private Mono<Void> refundEach(Order order, JsonNode list) {
        List<UUID> holdingMoney = new ArrayList<>();
        for (JsonNode payment : list) {
            String status = payment.path("status").asString();
            if ("pending".equals(status)) {
                return retryLater(order, "payment " + payment.path("id").asString() + " is still pending");
            }
            if ("succeeded".equals(status) || "partially_refunded".equals(status)) {
                holdingMoney.add(UUID.fromString(payment.path("id").asString()));
            }
        }
        return Flux.fromIterable(holdingMoney)
            .concatMap(paymentId -> payments.refundAll(paymentId, order.id(), refundReason(order)))
            .filter(call -> !refunded(call))
            .next()
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            // Not switchIfEmpty: retryLater completes empty too, and must not read as "all refunded".
            .flatMap(failed -> failed.isPresent() ? retryLater(order, "refund not done: " + describe(failed.get()))
                    : afterMoneyReturned(order));
    }

    /** 2xx, or 409: nothing left to refund, which is where a refund would have left it. */
    private static boolean refunded(Call call) {
        return call instanceof Call.Ok || (call instanceof Call.Refused r && r.status() == 409);
    }

    private static String describe(Call call) {
        return switch (call) {
            case Call.Ok ok -> "ok";
            case Call.Refused r -> "refused " + r.status() + " " + r.detail();
            case Call.Unavailable u -> u.error();
        };
    }

    private Mono<Void> afterCommit(Order order, Call call) {
        return switch (call) {
            case Call.Ok ok -> finish(order, SagaStep.DONE, OrderStatus.CONFIRMED, null, null);
            // The reservation expired or was released: the stock is gone, the money goes back.
            case Call.Refused r -> refused(order, r).then(advance(order, SagaStep.REFUND, OrderStatus.CANCELLED, "reservation_lost",
                    "The reserved stock could not be committed: " + r.detail()));
            case Call.Unavailable u -> retryLater(order, u.error());
        };
    }

    private Mono<Void> afterMoneyReturned(Order order) {
        // A refunded delivery keeps its goods with the customer; everything else returns its stock.
        if (!OrderStatus.REFUNDED.equals(order.status())) {
            return advance(order, SagaStep.RELEASE, order.sagaOutcome(), null, null);
        }
        // Parts cancelled before the refund still return their stock; their money went back with the rest.
        return fulfilments.uncompensated(order.id()).hasElements()
            .flatMap(pending -> pending ? advance(order, SagaStep.REFUND_PARTS, null, null, null)
                    : finish(order, SagaStep.DONE, null, null, null));
    }

    /**
     * Refunds and restocks each cancelled part not yet compensated, one part at a time; done when none
     * is left, including parts cancelled while this ran.
     */
    private Mono<Void> refundParts(Order order) {
        return fulfilments.uncompensated(order.id())
            .concatMap(part -> compensate(order, part))
            .all(done -> done)
            .flatMap(all -> !all ? Mono.<Void>empty() : steps.finishParts(order.id(), now())
                .flatMap(finished -> finished ? Mono.<Void>empty()
                        // A part was cancelled meanwhile (or the step was taken over): carry on with what is there now.
                        : drive(order.id())));
    }

    /** True once the part's money and stock are back; false when a call must be retried later. */
    private Mono<Boolean> compensate(Order order, FulfilmentRepository.Uncompensated part) {
        List<UUID> products = order.linesOf(part.vendorId()).stream().map(Order.Item::stockId).toList();
        String reason = "part of order " + order.reference() + " cancelled";
        String key = "order-" + order.id() + "-part-" + part.vendorId() + "-refund";
        Mono<Call> refund = order.paymentId() == null || part.refund().signum() == 0 ? Mono.just(new Call.Ok(200, null))
                : payments.refund(order.paymentId(), key, Money.of(part.refund(), order.currency()), reason)
                    // Refunded by hand in the meantime so that less is left: the part gets what is left.
                    .flatMap(call -> call instanceof Call.Refused r && r.status() == 422
                            ? payments.refund(order.paymentId(), key + "-rest", null, reason) : Mono.just(call));
        // Another driver's call with this key is still running: its outcome is not known yet, so it is not "refunded".
        return refund.flatMap(paid -> !refunded(paid) || paid instanceof Call.Refused r && "idempotency-key-in-flight".equals(r.type())
                ? retryLater(order, "part refund not done: " + describe(paid)).thenReturn(false)
                : inventory.releaseLines(order.id(), products, reason).flatMap(released -> switch (released) {
                    case Call.Ok ok -> fulfilments.compensated(order.id(), part.vendorId(), now()).thenReturn(true);
                    // No reservation to give back (an order from before reservations): nothing returns to the shelf.
                    case Call.Refused r when r.status() == 404 ->
                        fulfilments.compensated(order.id(), part.vendorId(), now()).thenReturn(true);
                    case Call.Refused r -> retryLater(order, "part release refused: " + r.detail()).thenReturn(false);
                    case Call.Unavailable u -> retryLater(order, u.error()).thenReturn(false);
                }));
    }

    private Mono<Void> afterRelease(Order order, Call call) {
        return switch (call) {
            // Cancelled parts still settling went back with everything else: the release took their lines too.
            case Call.Ok ok -> fulfilments.compensateAll(order.id(), now())
                .then(finish(order, SagaStep.DONE, order.sagaOutcome(), null, null));
            case Call.Refused r when r.status() == 404 -> fulfilments.compensateAll(order.id(), now())
                .then(finish(order, SagaStep.DONE, order.sagaOutcome(), null, null));
            case Call.Refused r -> retryLater(order, "release refused: " + r.detail());
            case Call.Unavailable u -> retryLater(order, u.error());
        };
    }

    private Mono<Void> advance(Order order, SagaStep next, OrderStatus outcome, String failureCode, String reason) {
        return advance(order, next, outcome, failureCode, reason, null);
    }

    /**
     * Moves to the next step and keeps driving. {@code outcome} is the status compensation ends in,
     * with its failure code and reason kept on the order until then.
     */
    private Mono<Void> advance(Order order, SagaStep next, OrderStatus outcome, String failureCode, String reason,
            UUID paymentId) {
        return steps.advance(order.id(), order.sagaStep(), next, now().plus(properties.sagaLease()), now(), outcome,
                failureCode, reason == null ? null : truncate(reason), paymentId)
            // Lines never change once written; the steps that need the parts read them from their table.
            .flatMap(moved -> drive(moved.withItems(order.items(), order.fulfilments())));
    }

    /** The last step: the order reaches its final status (if one is due) and the saga is done, atomically. */
    private Mono<Void> finish(Order order, SagaStep step, OrderStatus status, String failureCode, String reason) {
        if (order.status() != OrderStatus.PENDING || status == null || status == OrderStatus.PENDING) {
            return finishLocked(order, step, status, failureCode, reason);
        }
        // Checkout's end. Nobody but its saga moves a pending order, and the row the saga carries is
        // the one its last step's update returned: it is settled as carried, in one statement.
        return Mono.deferContextual(context -> transitions.settle(order, order.sagaStep(), status, step, SYSTEM,
                    reason != null ? reason : order.statusReason(), failureCode != null ? failureCode : order.failureCode())
                .doOnNext(settled -> context.<AtomicReference<Order>>getOrEmpty(SETTLED).ifPresent(answer -> answer.set(settled)))
                .hasElement()
                // No longer pending at this step: decide on the row as it is now, as for any other order.
                .flatMap(settled -> settled ? Mono.<Void>empty() : finishLocked(order, step, status, failureCode, reason)));
    }

    private Mono<Void> finishLocked(Order order, SagaStep step, OrderStatus status, String failureCode, String reason) {
        Mono<Void> work = locked(order).flatMap(current -> {
            if (current.sagaStep() != order.sagaStep()) {
                return Mono.empty();
            }
            Mono<Void> move = status == null || status == current.status() ? Mono.empty()
                    : transitions.move(current, status, SYSTEM,
                            reason != null ? reason : current.statusReason(),
                            failureCode != null ? failureCode : current.failureCode());
            return move.then(steps.finish(order.id(), step, now()));
        });
        return tx.transactional(work);
    }

    /**
     * The order locked as it is now. Its lines never change once written, and a pending order has no
     * parts yet (only a confirmed one ships or cancels a part), so a pending order's row is read alone.
     */
    private Mono<Order> locked(Order order) {
        return orders.lockRow(order.id()).flatMap(row -> row.status() == OrderStatus.PENDING
                ? Mono.just(row.withItems(order.items(), List.of()))
                : orders.withLinesAndParts(row));
    }

    /** The outcome is unknown or the other side is down: try the same step again after a backoff. */
    private Mono<Void> retryLater(Order order, String error) {
        log.warn("Order {} saga step {} will be retried: {}", order.id(), order.sagaStep(), error);
        return steps.attempts(order.id()).flatMap(attempts -> {
            Instant at = now().plus(backoff(attempts));
            return steps.retryAt(order.id(), order.sagaStep(), truncate(error), at).then(Mono.fromRunnable(() -> wakeUps.at(at)));
        });
    }

    private Duration backoff(int attempts) {
        Duration delay = properties.sagaRetryDelay().multipliedBy(1L << Math.min(attempts, 16));
        return delay.compareTo(properties.sagaRetryMaxDelay()) > 0 ? properties.sagaRetryMaxDelay() : delay;
    }

    private static String shortage(Call.Refused refused) {
        StringBuilder text = new StringBuilder("Not enough stock");
        JsonNode errors = refused.body() == null ? null : refused.body().path("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            text.append(": ");
            for (int i = 0; i < errors.size(); i++) {
                text.append(i == 0 ? "" : "; ").append(errors.get(i).path("field").asString()).append(' ')
                    .append(errors.get(i).path("message").asString());
            }
        }
        return truncate(text.append('.').toString());
    }

    private static String refundReason(Order order) {
        return OrderStatus.REFUNDED.equals(order.status()) ? "order refunded" : "order " + order.id() + " cancelled";
    }

    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
