package dev.agora.analytics.dashboard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.AggregationOperation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agora.analytics.store.AnalyticsEvent;
import dev.agora.defaults.money.Money;

/**
 * The dashboard's aggregation pipelines. Every stage used ($match, $group, $unwind, $sort,
 * $limit, distinct) is one both MongoDB and the test stand-in run; per-interval grouping uses the
 * {@code hour}/{@code day} fields stored with each event.
 */
@Component
class Aggregations {

    static final List<String> FUNNEL = List.of("product_view", "add_to_cart", "checkout_started", "order_placed");

    private final ReactiveMongoTemplate mongo;

    Aggregations(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A user's event counts by type, last activity, confirmed orders not cancelled since, and revenue per currency. */
    Mono<DashboardController.UserActivity> userActivity(UUID userId) {
        Criteria mine = Criteria.where("userId").is(userId.toString());
        Mono<List<Document>> types = mongo.aggregate(Aggregation.newAggregation(Aggregation.match(mine),
                Aggregation.group("type").count().as("count").max("occurredAt").as("last")), "events", Document.class)
            .collectList();
        Mono<List<Document>> money = mongo.aggregate(Aggregation.newAggregation(
                Aggregation.match(new Criteria().andOperator(mine, Criteria.where("type").in("order_confirmed", "payment_refunded"))),
                Aggregation.group("currency").sum("amountMinor").as("amount")), "events", Document.class).collectList();
        Mono<Long> undone = mongo.count(Query.query(new Criteria()
            .andOperator(mine, Criteria.where("type").is("order_cancelled"), Criteria.where("properties.previousStatus").is("CONFIRMED"))),
                "events");
        return Mono.zip(types, money, undone).map(t -> {
            Map<String, Long> counts = new TreeMap<>();
            Instant last = null;
            for (Document d : t.getT1()) {
                counts.put(d.getString("_id"), ((Number) d.get("count")).longValue());
                Instant at = ((java.util.Date) d.get("last")).toInstant();
                last = last == null || at.isAfter(last) ? at : last;
            }
            long orders = counts.getOrDefault("order_confirmed", 0L) - t.getT3();
            List<Money> revenue = t.getT2().stream()
                .filter(d -> d.getString("_id") != null)
                .map(d -> money(((Number) d.get("amount")).longValue(), d.getString("_id")))
                .toList();
            return new DashboardController.UserActivity(userId.toString(), counts, last, orders, revenue);
        });
    }

    Mono<Dashboard> dashboard(Instant from, Instant to, String interval) {
        Criteria range = Criteria.where("occurredAt").gte(from).lt(to);
        return Mono.zip(eventsByType(range, interval), top(range, "product_view"), topSelling(range), funnel(range),
                revenue(range, interval), activeUsers(range, interval))
            .map(t -> new Dashboard(from, to, interval, t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), t.getT6()));
    }

    private Mono<List<Dashboard.TypeCount>> eventsByType(Criteria range, String interval) {
        return run(Aggregation.match(range), Aggregation.group(interval, "type").count().as("count"),
                Aggregation.sort(Sort.by("_id." + interval, "_id.type")))
            .map(d -> new Dashboard.TypeCount(instant(id(d).get(interval)), id(d).getString("type"), count(d)))
            .collectList();
    }

    private Mono<List<Dashboard.ProductCount>> top(Criteria range, String type) {
        return run(Aggregation.match(new Criteria().andOperator(range, Criteria.where("type").is(type),
                Criteria.where("productId").ne(null))),
                Aggregation.group("productId").count().as("count"),
                Aggregation.sort(Sort.by(Sort.Order.desc("count"), Sort.Order.asc("_id"))), Aggregation.limit(10))
            .map(d -> new Dashboard.ProductCount(d.getString("_id"), count(d)))
            .collectList();
    }

    /** Units sold by confirmed orders, minus the units of orders cancelled after confirmation. */
    private Mono<List<Dashboard.ProductCount>> topSelling(Criteria range) {
        Mono<Map<String, Long>> sold = units(new Criteria().andOperator(range, Criteria.where("type").is("order_confirmed")));
        Mono<Map<String, Long>> undone = units(new Criteria().andOperator(range, Criteria.where("type").is("order_cancelled"),
                Criteria.where("properties.previousStatus").is("CONFIRMED")));
        return Mono.zip(sold, undone).map(t -> {
            Map<String, Long> net = new HashMap<>(t.getT1());
            t.getT2().forEach((product, units) -> net.merge(product, -units, Long::sum));
            return net.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .map(e -> new Dashboard.ProductCount(e.getKey(), e.getValue()))
                .toList();
        });
    }

    private Mono<Map<String, Long>> units(Criteria criteria) {
        return run(Aggregation.match(criteria), Aggregation.unwind("items"),
                Aggregation.group("items.productId").sum("items.quantity").as("count"))
            .collectMap(d -> d.getString("_id"), Aggregations::count);
    }

    private Mono<List<Dashboard.FunnelStep>> funnel(Criteria range) {
        return Flux.fromIterable(FUNNEL)
            .concatMap(step -> mongo.findDistinct(Query.query(new Criteria().andOperator(range,
                    Criteria.where("type").is(step), Criteria.where("sessionId").ne(null))), "sessionId",
                    AnalyticsEvent.class, String.class).collect(HashSet<String>::new, Set::add))
            .collectList()
            .map(sets -> {
                List<Dashboard.FunnelStep> steps = new ArrayList<>();
                Set<String> previous = null;
                for (int i = 0; i < FUNNEL.size(); i++) {
                    Set<String> reached = new HashSet<>(sets.get(i));
                    if (previous != null) {
                        reached.retainAll(previous);
                    }
                    double rate = previous == null ? 1.0 : previous.isEmpty() ? 0.0 : (double) reached.size() / previous.size();
                    steps.add(new Dashboard.FunnelStep(FUNNEL.get(i), reached.size(), Math.round(rate * 10_000) / 10_000.0));
                    previous = reached;
                }
                return steps;
            });
    }

    private Mono<List<Dashboard.Revenue>> revenue(Criteria range, String interval) {
        Mono<List<Document>> money = run(Aggregation.match(new Criteria().andOperator(range,
                Criteria.where("type").in("order_confirmed", "payment_refunded"))),
                Aggregation.group(interval, "currency").sum("amountMinor").as("amount")).collectList();
        Mono<List<Document>> orders = run(Aggregation.match(new Criteria().andOperator(range,
                Criteria.where("type").in("order_confirmed", "order_cancelled"))),
                Aggregation.group(interval, "type", "currency", "properties.previousStatus").count().as("count")).collectList();
        return Mono.zip(money, orders).map(t -> {
            Map<Instant, Map<String, long[]>> buckets = new TreeMap<>();
            for (Document d : t.getT1()) {
                buckets.computeIfAbsent(instant(id(d).get(interval)), b -> new LinkedHashMap<>())
                    .computeIfAbsent(id(d).getString("currency"), c -> new long[2])[0] += ((Number) d.get("amount")).longValue();
            }
            for (Document d : t.getT2()) {
                Document id = id(d);
                boolean confirmed = "order_confirmed".equals(id.getString("type"));
                if (!confirmed && !"CONFIRMED".equals(id.getString("previousStatus"))) {
                    continue;
                }
                buckets.computeIfAbsent(instant(id.get(interval)), b -> new LinkedHashMap<>())
                    .computeIfAbsent(id.getString("currency"), c -> new long[2])[1] += confirmed ? count(d) : -count(d);
            }
            List<Dashboard.Revenue> rows = new ArrayList<>();
            buckets.forEach((bucket, currencies) -> currencies.forEach((currency, v) -> rows
                .add(new Dashboard.Revenue(bucket, money(v[0], currency), v[1]))));
            return rows;
        });
    }

    private Mono<List<Dashboard.ActiveUsers>> activeUsers(Criteria range, String interval) {
        return run(Aggregation.match(new Criteria().andOperator(range, Criteria.where("userId").ne(null))),
                Aggregation.group(interval, "userId"), Aggregation.group("_id." + interval).count().as("count"),
                Aggregation.sort(Sort.by("_id")))
            .map(d -> new Dashboard.ActiveUsers(instant(d.get("_id")), count(d)))
            .collectList();
    }

    static Money money(long minor, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return Money.of(BigDecimal.valueOf(minor, digits), currency);
    }

    private Flux<Document> run(AggregationOperation... stages) {
        return mongo.aggregate(Aggregation.newAggregation(stages), "events", Document.class);
    }

    private static Document id(Document d) {
        return (Document) d.get("_id");
    }

    private static long count(Document d) {
        return ((Number) d.get("count")).longValue();
    }

    private static Instant instant(Object value) {
        return value instanceof java.util.Date date ? date.toInstant() : (Instant) value;
    }
}
