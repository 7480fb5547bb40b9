package dev.agora.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention events older than this are removed by a TTL index
 * @param dashboardTtl how long a computed dashboard is served from Redis
 * @param sessionRateLimit events accepted per session per minute
 * @param maxClockSkew how far in the future a client's {@code occurredAt} may be
 */
@ConfigurationProperties("agora.analytics")
public record AnalyticsProperties(@DefaultValue("400d") Duration retention, @DefaultValue("60s") Duration dashboardTtl,
        @DefaultValue("600") int sessionRateLimit, @DefaultValue("5m") Duration maxClockSkew) {
}
