package dev.agora.notification.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

import dev.agora.defaults.PollingLoop;
import dev.agora.notification.NotificationProperties;
import dev.agora.notification.inbox.Notifier;
import dev.agora.notification.preferences.EmailPreferences;
import dev.agora.notification.preferences.Topic;

/**
 * Emails each vendor its waiting low-stock alerts as one digest: once its first alert has waited
 * {@code low-stock-digest-delay} (so that a burst of sales makes one email, not one per product),
 * and at most once per {@code low-stock-digest-interval}. Whether the vendor's owner wants it is
 * asked when it is due, so turning the topic off also drops what was waiting. Several instances
 * never send one vendor two digests: the send is claimed on the vendor's row in the transaction that
 * queues the email and removes the alerts it lists.
 */
@Component
class LowStockDigests extends PollingLoop {

    /** The notification type, and the folder of its templates. */
    static final String TYPE = "inventory.low_stock_digest";

    /** Vendors per pass, and items listed per email (the rest are counted). */
    private static final int VENDORS_PER_PASS = 50;
    private static final int LISTED = 50;

    /** The longest between two looks for due digests. */
    private static final Duration LOOK = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(LowStockDigests.class);

    private final LowStockDigestQueue queue;
    private final VendorDirectory vendors;
    private final StockItems stockItems;
    private final EmailPreferences preferences;
    private final Notifier notifier;
    private final TransactionalOperator tx;
    private final NotificationProperties properties;
    private final Clock clock;

    LowStockDigests(LowStockDigestQueue queue, VendorDirectory vendors, StockItems stockItems, EmailPreferences preferences,
            Notifier notifier, TransactionalOperator tx, NotificationProperties properties, Clock clock) {
        // A digest may go out this late after it is due: a short look would be idle work nearly always.
        super(Duration.ofSeconds(2), min(properties.lowStockDigestDelay(), LOOK));
        this.queue = queue;
        this.vendors = vendors;
        this.stockItems = stockItems;
        this.preferences = preferences;
        this.notifier = notifier;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> poll() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant lastSentBefore = now.minus(properties.lowStockDigestInterval());
        return queue.due(now.minus(properties.lowStockDigestDelay()), lastSentBefore, VENDORS_PER_PASS)
            // One vendor's failure (product-svc away) must not hold up the others; it is due again next pass.
            .concatMap(vendor -> digest(vendor, now, lastSentBefore).onErrorResume(ex -> {
                log.warn("Low-stock digest to vendor {} not sent this time: {}", vendor, ex.toString());
                return Mono.empty();
            }))
            .then();
    }

    private Mono<Void> digest(UUID vendorId, Instant now, Instant lastSentBefore) {
        return queue.items(vendorId).collectList().filter(items -> !items.isEmpty()).flatMap(items -> {
            Instant takenUpTo = items.stream().map(LowStockDigestQueue.Item::noticedAt).max(Comparator.naturalOrder())
                .orElseThrow();
            return vendors.contactAbout(vendorId, "A low-stock digest").map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(contact -> contact.isEmpty() ? queue.remove(vendorId, takenUpTo)
                        : preferences.wantsEmail(contact.get().ownerUserId(), Topic.LOW_STOCK)
                            .flatMap(wanted -> wanted ? send(contact.get(), items, takenUpTo, now, lastSentBefore)
                                    : queue.remove(vendorId, takenUpTo)));
        });
    }

    private Mono<Void> send(VendorDirectory.Contact vendor, List<LowStockDigestQueue.Item> items, Instant takenUpTo, Instant now,
            Instant lastSentBefore) {
        // Items product-svc no longer has (a deleted product) are dropped, not listed by id. Only the
        // lowest LISTED are named (the lookups stop there); the rest are counted.
        return Flux.fromIterable(items).index()
            .flatMapSequential(item -> stockItems.find(item.getT2().itemId())
                .map(found -> Tuples.of(item.getT1(), line(found, item.getT2()))), 4)
            .take(LISTED)
            .collectList()
            .flatMap(named -> {
                List<Map<String, Object>> lines = named.stream().map(Tuple2::getT2).toList();
                long examined = named.size() < LISTED ? items.size() : named.getLast().getT1() + 1;
                return digest(vendor, lines, (int) (items.size() - examined), takenUpTo, now, lastSentBefore);
            });
    }

    private Mono<Void> digest(VendorDirectory.Contact vendor, List<Map<String, Object>> lines, int more, Instant takenUpTo,
            Instant now, Instant lastSentBefore) {
        if (lines.isEmpty()) {
            return tx.transactional(queue.remove(vendor.id(), takenUpTo));
        }
        return tx.transactional(queue.claim(vendor.id(), now, lastSentBefore)
            .flatMap(claimed -> claimed
                    ? queue.remove(vendor.id(), takenUpTo)
                        .then(notifier.notify(vendor.recipient(), TYPE, data(vendor, lines, more), Set.of(Notifier.EMAIL), null))
                        .doOnNext(id -> log.info("Low-stock digest {} of {} items queued for vendor {}", id, lines.size() + more,
                                vendor.id()))
                        .then()
                    : Mono.empty()));
    }

    private Map<String, Object> line(StockItems.StockItem item, LowStockDigestQueue.Item level) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", item.name());
        line.put("available", level.available());
        line.put("threshold", level.threshold());
        line.put("link", properties.webPage("/vendor/stock/" + item.productId()));
        return line;
    }

    /** @param more items left unnamed after the {@value #LISTED} listed */
    private Map<String, Object> data(VendorDirectory.Contact vendor, List<Map<String, Object>> lines, int more) {
        int count = lines.size() + more;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("vendorId", vendor.id());
        data.put("vendorName", vendor.name());
        data.put("count", count);
        data.put("headline", count == 1
                ? "One of your products at " + vendor.name() + " is below its low-stock threshold"
                : count + " of your products at " + vendor.name() + " are below their low-stock thresholds");
        data.put("every", every(properties.lowStockDigestInterval()));
        data.put("summary", count == 1 ? lines.getFirst().get("name") : count + " products");
        data.put("items", lines);
        // A list, so that a template shows the line only when there is a remainder.
        data.put("more", more > 0 ? List.of(Map.of("count", more)) : List.of());
        data.put("link", properties.webPage("/vendor"));
        return data;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** "hour", "2 hours", "30 minutes": the interval as the email's footer says it. */
    static String every(Duration interval) {
        if (interval.toMillis() % 1000 != 0) {
            return interval.toMillis() + " ms";
        }
        long seconds = interval.toSeconds();
        String[][] units = { { "86400", "day" }, { "3600", "hour" }, { "60", "minute" }, { "1", "second" } };
        for (String[] unit : units) {
            long size = Long.parseLong(unit[0]);
            if (seconds >= size && seconds % size == 0) {
                long n = seconds / size;
                return n == 1 ? unit[1] : n + " " + unit[1] + "s";
            }
        }
        return interval.toMillis() + " ms";
    }
}
