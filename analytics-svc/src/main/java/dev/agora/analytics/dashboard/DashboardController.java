package dev.agora.analytics.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.analytics.AnalyticsProperties;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/** Dashboards for admins, and a user's own activity for that user. */
@RestController
@RequestMapping("/api/v1/analytics")
class DashboardController {

    private static final Duration MAX_SPAN = Duration.ofDays(366);

    private final Aggregations aggregations;
    private final ReactiveStringRedisTemplate redis;
    private final AnalyticsProperties properties;
    private final JsonMapper json;

    DashboardController(Aggregations aggregations, ReactiveStringRedisTemplate redis,
            AnalyticsProperties properties, JsonMapper json) {
        this.aggregations = aggregations;
        this.redis = redis;
        this.properties = properties;
        this.json = json;
    }

    @Operation(summary = "Events per type and interval, top products, the funnel, net revenue and active users (admin; cached)")
    @GetMapping("/dashboard")
    @RequiresRole({ AgoraPrincipal.ADMIN })
    Mono<Dashboard> dashboard(AgoraPrincipal caller, @RequestParam Instant from, @RequestParam Instant to,
            @RequestParam(defaultValue = "day") String interval) {
        if (!interval.equals("hour") && !interval.equals("day")) {
            throw AgoraException.badRequest("interval must be hour or day.")
                .withErrors(List.of(new Problems.FieldError("interval", "must be hour or day")));
        }
        if (!from.isBefore(to)) {
            throw AgoraException.badRequest("from must be before to.")
                .withErrors(List.of(new Problems.FieldError("from", "must be before to")));
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw AgoraException.badRequest("A dashboard spans at most 366 days.")
                .withErrors(List.of(new Problems.FieldError("to", "must be at most 366 days after from")));
        }
        String key = "agora:analytics:dashboard:" + from + ":" + to + ":" + interval;
        return redis.opsForValue().get(key).map(cached -> json.readValue(cached, Dashboard.class))
            .switchIfEmpty(Mono.defer(() -> aggregations.dashboard(from, to, interval)
                .flatMap(fresh -> redis.opsForValue().set(key, json.writeValueAsString(fresh), properties.dashboardTtl())
                    .thenReturn(fresh))));
    }

    /** A user's activity. */
    record UserActivity(String userId, Map<String, Long> eventsByType, Instant lastSeen, long orders, List<Money> revenue) {
    }

    @Operation(summary = "A user's event counts, last activity, orders and revenue (admin, or the user; others 404)")
    @GetMapping("/users/{userId}")
    Mono<UserActivity> user(AgoraPrincipal caller, @PathVariable UUID userId) {
        if (!caller.isAdmin() && !caller.is(userId)) {
            return Mono.error(AgoraException.notFound("The user"));
        }
        return aggregations.userActivity(userId);
    }
}
