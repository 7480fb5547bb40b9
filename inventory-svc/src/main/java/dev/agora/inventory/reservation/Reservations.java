package dev.agora.inventory.reservation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Row;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.defaults.r2dbc.SqlValues;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.inventory.InventoryProperties;
import dev.agora.inventory.location.LocationDirectory;
import dev.agora.inventory.stock.Allocation;
import dev.agora.inventory.stock.Stock;
import dev.agora.inventory.stock.StockLedger.Kind;
import dev.agora.inventory.stock.StockLedger;
import dev.agora.defaults.web.ProblemType;

/**
 * All-or-nothing reservations, idempotent per order id. Lines are locked in product-id order, so
 * concurrent orders over the same products cannot deadlock; each line is one conditional update of
 * the product's total, then of the locations it takes from, so no interleaving can oversell in total
 * or at one location. Each line records where its units came from; commit and release act there.
 */
@Service
class Reservations {

    /** Expired reservations {@link #expireDue()} looks at in one go. */
    static final int EXPIRED_PER_LOOK = 100;

    private static final String COLUMNS = "order_id, status, expires_at, created_at, updated_at, reason";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final StockLedger ledger;
    private final InventoryProperties properties;
    private final LocationDirectory locations;
    private final Clock clock;

    Reservations(DatabaseClient db, TransactionalOperator tx, StockLedger ledger, LocationDirectory locations,
            InventoryProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.ledger = ledger;
        this.locations = locations;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether this call created the reservation, and the reservation. */
    record Outcome(boolean created, Reservation reservation) {
    }

    /** {@code shipToCountry}: where the order goes, so that units are taken from locations there first; may be null. */
    Mono<Outcome> reserve(UUID orderId, List<Reservation.Line> requested, String shipToCountry, String actor) {
        List<Reservation.Line> lines = requested.stream().sorted(Comparator.comparing(Reservation.Line::productId)).toList();
        Instant now = now();
        Instant expires = now.plus(properties.reservationTtl());
        Mono<Outcome> work = db.sql("""
                INSERT INTO reservations (order_id, status, expires_at, created_at, updated_at)
                VALUES (:order, 'held', :expires, :now, :now) ON CONFLICT (order_id) DO NOTHING""")
            .bind("order", orderId)
            .bind("expires", expires)
            .bind("now", now)
            .fetch()
            .rowsUpdated()
            .flatMap(inserted -> inserted == 0 ? existing(orderId, lines)
                    : hold(orderId, lines, shipToCountry, actor)
                        .map(held -> new Outcome(true, Reservation.held(orderId, expires, now, held))));
        return tx.transactional(work);
    }

    private Mono<Outcome> existing(UUID orderId, List<Reservation.Line> lines) {
        return find(orderId).flatMap(found -> {
            if (found.status() == ReservationStatus.RELEASED) {
                // Replaying it as a success would let the caller go on as if the stock were held.
                return Mono.error(new AgoraException(ProblemType.RESERVATION_EXPIRED, "The reservation of order " + orderId + " was released"
                                + reasonSuffix(found) + "; it holds no stock any more."));
            }
            List<Reservation.Line> held = found.items().stream().map(Reservation.Line::asReserved).sorted(Comparator.comparing(Reservation.Line::productId)).toList();
            if (!held.equals(lines)) {
                return Mono.error(new AgoraException(ProblemType.IDEMPOTENCY_MISMATCH, "Order " + orderId + " already has a reservation with other lines."));
            }
            return Mono.just(new Outcome(false, found));
        });
    }

    /** Holds every line, or fails with the shortages and holds none; the lines as held, with their allocations. */
    private Mono<List<Reservation.Line>> hold(UUID orderId, List<Reservation.Line> lines, String shipToCountry, String actor) {
        List<Problems.FieldError> shortages = new ArrayList<>();
        // One line after the other (concatMap), so the list needs no guard.
        List<Reservation.Line> held = new ArrayList<>();
        return Flux.fromIterable(lines)
            .concatMap(line -> ledger.reserve(line.productId(), line.quantity(), shipToCountry, actor, orderId)
                .flatMap(allocations -> recordLine(orderId, line, allocations)
                    .then(Mono.fromCallable(() -> held.add(new Reservation.Line(line.productId(), line.quantity(), false,
                            allocations)))))
                .switchIfEmpty(ledger.find(line.productId())
                    .map(stock -> stock.available())
                    .defaultIfEmpty(0)
                    .doOnNext(available -> shortages.add(new Problems.FieldError("items[" + line.productId() + "].quantity",
                            "requested " + line.quantity() + ", only " + available + " available")))
                    .thenReturn(false)))
            .then(Mono.defer(() -> shortages.isEmpty() ? Mono.just(held)
                    // Rolls the whole transaction back: none of the lines stays held.
                    : Mono.error(new AgoraException(ProblemType.INSUFFICIENT_STOCK, "Not every line of order " + orderId + " is available.")
                        .withErrors(shortages))));
    }

    /** The line and where its units came from, in one round trip. */
    private Mono<Void> recordLine(UUID orderId, Reservation.Line line, List<Allocation> allocations) {
        return db.sql("""
                WITH line AS (
                    INSERT INTO reservation_lines (order_id, product_id, quantity) VALUES (:o, :p, :q)
                    RETURNING order_id, product_id
                )
                INSERT INTO reservation_allocations (order_id, product_id, location_id, quantity)
                SELECT line.order_id, line.product_id, taken.location_id, taken.quantity
                FROM line CROSS JOIN unnest(:locations, :units) AS taken (location_id, quantity)""")
            .bind("o", orderId)
            .bind("p", line.productId())
            .bind("q", line.quantity())
            .bind("locations", allocations.stream().map(Allocation::locationId).toArray(UUID[]::new))
            .bind("units", allocations.stream().map(Allocation::quantity).toArray(Integer[]::new))
            .then();
    }

    /**
     * Stock leaves the shelf for good: the order is paid. Idempotent. The status moves first, in the
     * statement that takes the row's lock, so a held reservation is committed without a separate
     * lock; only when it was not held is it read to answer (already committed) or refuse (released).
     */
    Mono<Reservation> commit(UUID orderId, String actor) {
        Mono<Reservation> committing = moveHeld(orderId, ReservationStatus.COMMITTED)
            .flatMap(committed -> Flux.fromIterable(committed.items())
                .concatMap(line -> Flux.fromIterable(line.allocations())
                    .concatMap(a -> ledger.move(line.productId(), a.locationId(), Kind.COMMIT, -a.quantity(), -a.quantity(), null,
                            actor, orderId)
                        .switchIfEmpty(Mono.error(new IllegalStateException("reserved stock missing for " + line.productId())))))
                .then(Mono.just(committed)));
        return tx.transactional(committing.switchIfEmpty(Mono.defer(() -> lock(orderId).flatMap(found -> switch (found.status()) {
            case COMMITTED -> Mono.just(found);
            case RELEASED -> Mono.error(AgoraException.conflict(
                    "The reservation of order " + orderId + " was already released" + reasonSuffix(found) + "."));
            // Statuses never go back to held, so the move above cannot have missed a held one.
            case HELD -> Mono.error(new IllegalStateException("the reservation of order " + orderId + " is held but did not move"));
        }))));
    }

    /**
     * Gives the stock back: held units become available again; committed ones return to the shelf
     * (an order cancelled before shipping). {@code products} names the lines to give back (one
     * vendor's part of an order), null for every line not given back yet; the reservation is
     * released once all its lines are. Idempotent per line.
     */
    Mono<Reservation> release(UUID orderId, String reason, String actor, Set<UUID> products) {
        return tx.transactional(lock(orderId).flatMap(found -> {
            if (products != null) {
                List<Problems.FieldError> unknown = products.stream()
                    .filter(p -> found.items().stream().noneMatch(line -> line.productId().equals(p)))
                    .map(p -> new Problems.FieldError("productIds", "order " + orderId + " reserved no " + p))
                    .toList();
                if (!unknown.isEmpty()) {
                    return Mono.error(AgoraException.badRequest("Only lines of the reservation can be released.")
                        .withErrors(unknown));
                }
            }
            return releaseLocked(found, reason, actor, Kind.RELEASE, products);
        }));
    }

    private Mono<Reservation> releaseLocked(Reservation found, String reason, String actor, Kind kind, Set<UUID> products) {
        if (found.status() == ReservationStatus.RELEASED) {
            return Mono.just(found);
        }
        boolean committed = found.status() == ReservationStatus.COMMITTED;
        List<Reservation.Line> lines = found.items().stream()
            .filter(line -> !line.released() && (products == null || products.contains(line.productId())))
            .toList();
        boolean rest = found.items().stream().allMatch(line -> line.released() || lines.contains(line));
        return Flux.fromIterable(lines)
            .concatMap(line -> Flux.fromIterable(line.allocations())
                .concatMap(a -> (committed
                        ? restock(line.productId(), a, reason, actor, found.orderId())
                        : ledger.move(line.productId(), a.locationId(), kind, 0, -a.quantity(), reason, actor, found.orderId()))
                    .switchIfEmpty(Mono.error(new IllegalStateException("reserved stock missing for " + line.productId()))))
                .then(db.sql("UPDATE reservation_lines SET released_at = :now WHERE order_id = :o AND product_id = :p")
                    .bind("now", now()).bind("o", found.orderId()).bind("p", line.productId()).then()))
            .then(rest ? setStatus(found, ReservationStatus.RELEASED, reason) : find(found.orderId()));
    }

    /** Committed units back on the shelf they came from, or on the vendor's main one if that location was removed. */
    private Mono<Stock> restock(UUID productId, Allocation allocation, String reason, String actor, UUID orderId) {
        return ledger.find(productId)
            .flatMap(stock -> locations.receiving(allocation.locationId(), stock.vendorId()))
            .flatMap(location -> ledger.ensureLevel(productId, location.id())
                .then(ledger.move(productId, location.id(), Kind.RESTOCK, allocation.quantity(), 0, reason, actor, orderId)));
    }

    /** Releases up to {@link #EXPIRED_PER_LOOK} held reservations past their expiry; emits how many. */
    Mono<Long> expireDue() {
        return db.sql("SELECT order_id FROM reservations WHERE status = 'held' AND expires_at < :now ORDER BY expires_at LIMIT :limit")
            .bind("now", now())
            .bind("limit", EXPIRED_PER_LOOK)
            .map((row, meta) -> row.get("order_id", UUID.class))
            .all()
            .concatMap(orderId -> tx.transactional(lockIfExpired(orderId)
                .flatMap(found -> releaseLocked(found, "expired: not committed in time", "system:sweeper", Kind.EXPIRE, null))))
            .count();
    }

    Mono<Reservation> find(UUID orderId) {
        return load(orderId, "");
    }

    private Mono<Reservation> lock(UUID orderId) {
        return load(orderId, " FOR UPDATE").switchIfEmpty(Mono.error(AgoraException.notFound("The reservation")));
    }

    /** Skips a reservation another instance is releasing, or one committed meanwhile. */
    private Mono<Reservation> lockIfExpired(UUID orderId) {
        return load(orderId, " FOR UPDATE SKIP LOCKED")
            .filter(r -> r.status() == ReservationStatus.HELD && r.expiresAt().isBefore(now()));
    }

    private Mono<Reservation> load(UUID orderId, String lockClause) {
        return db.sql("SELECT " + COLUMNS + " FROM reservations WHERE order_id = :o" + lockClause)
            .bind("o", orderId)
            .map((row, meta) -> row(row))
            .one()
            // After the lock, in a statement of its own: a later snapshot sees what the lock waited for.
            .flatMap(this::withLines);
    }

    /** Moves a held reservation to {@code status}, locking it; the reservation as moved, empty if it was not held. */
    private Mono<Reservation> moveHeld(UUID orderId, ReservationStatus status) {
        return db.sql("""
                UPDATE reservations SET status = :s, reason = NULL, updated_at = :now WHERE order_id = :o AND status = :held
                RETURNING\s""" + COLUMNS)
            .bind("s", status.value()).bind("now", now()).bind("o", orderId).bind("held", ReservationStatus.HELD.value())
            .map((row, meta) -> row(row))
            .one()
            .flatMap(this::withLines);
    }

    private static Reservation row(Row row) {
        return new Reservation(row.get("order_id", UUID.class), ReservationStatus.of(row.get("status", String.class)),
                row.get("expires_at", Instant.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class), row.get("reason", String.class), List.of());
    }

    /** {@code r} with its lines and their allocations, read in a statement after the one that locked it. */
    private Mono<Reservation> withLines(Reservation r) {
        return db.sql("""
                SELECT l.product_id, l.quantity, l.released_at IS NOT NULL AS released, a.location_id,
                    a.quantity AS allocated
                FROM reservation_lines l LEFT JOIN reservation_allocations a
                    ON a.order_id = l.order_id AND a.product_id = l.product_id
                WHERE l.order_id = :o ORDER BY l.product_id, a.location_id""")
            .bind("o", r.orderId())
            .map((row, meta) -> new AllocatedLine(new Reservation.Line(row.get("product_id", UUID.class),
                    row.get("quantity", Integer.class), Boolean.TRUE.equals(row.get("released", Boolean.class)), List.of()),
                    row.get("location_id", UUID.class) == null ? null
                            : new Allocation(row.get("location_id", UUID.class), row.get("allocated", Integer.class))))
            .all()
            .collectList()
            .map(rows -> new Reservation(r.orderId(), r.status(), r.expiresAt(), r.createdAt(), r.updatedAt(), r.reason(),
                    AllocatedLine.lines(rows)));
    }

    /** A row of a line joined to one of its allocations; {@code allocation} is null for a line without any. */
    private record AllocatedLine(Reservation.Line line, Allocation allocation) {

        /** The lines in the rows' order, each with its allocations in theirs. */
        static List<Reservation.Line> lines(List<AllocatedLine> rows) {
            Map<UUID, Reservation.Line> lines = new LinkedHashMap<>();
            Map<UUID, List<Allocation>> allocations = new LinkedHashMap<>();
            for (AllocatedLine row : rows) {
                lines.putIfAbsent(row.line().productId(), row.line());
                List<Allocation> of = allocations.computeIfAbsent(row.line().productId(), id -> new ArrayList<>());
                if (row.allocation() != null) {
                    of.add(row.allocation());
                }
            }
            return lines.values().stream()
                .map(line -> new Reservation.Line(line.productId(), line.quantity(), line.released(),
                        List.copyOf(allocations.get(line.productId()))))
                .toList();
        }
    }

    /** Moves {@code locked} (read under its lock, with every line released when it goes to released); the reservation after. */
    private Mono<Reservation> setStatus(Reservation locked, ReservationStatus status, String reason) {
        Instant now = now();
        var update = db.sql("UPDATE reservations SET status = :s, reason = :r, updated_at = :now WHERE order_id = :o");
        update = update.bind("r", SqlValues.orNull(reason, String.class));
        return update.bind("s", status.value()).bind("now", now).bind("o", locked.orderId()).then()
            .thenReturn(locked.moved(status, reason, now));
    }

    private static String reasonSuffix(Reservation r) {
        return r.reason() == null ? "" : " (" + r.reason() + ")";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
