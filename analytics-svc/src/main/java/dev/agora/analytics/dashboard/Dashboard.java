package dev.agora.analytics.dashboard;

import java.time.Instant;
import java.util.List;

import dev.agora.defaults.money.Money;

/**
 * The admin dashboard over {@code [from, to)}, per {@code interval} ({@code hour} or {@code day};
 * buckets are UTC).
 *
 * @param funnel unique sessions at each step that also reached the step before
 *        ({@code product_view → add_to_cart → checkout_started → order_placed}), with the rate from
 *        the previous step
 * @param revenue confirmed orders' totals minus refunds, and confirmed orders minus those cancelled
 *        after confirmation, per bucket and currency
 */
record Dashboard(Instant from, Instant to, String interval, List<TypeCount> eventsByType, List<ProductCount> topViewed,
        List<ProductCount> topSelling, List<FunnelStep> funnel, List<Revenue> revenue, List<ActiveUsers> activeUsers) {

    record TypeCount(Instant bucket, String type, long count) {
    }

    record ProductCount(String productId, long count) {
    }

    record FunnelStep(String step, long sessions, double rate) {
    }

    record Revenue(Instant bucket, Money amount, long orders) {
    }

    record ActiveUsers(Instant bucket, long users) {
    }
}
