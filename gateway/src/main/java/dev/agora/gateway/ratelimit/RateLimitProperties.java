package dev.agora.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limiting at the edge.
 *
 * @param trustedProxies how many proxies in front of the gateway append to
 *        {@code X-Forwarded-For} (1 behind an AWS ALB); the client address is taken from that far
 *        from the right, never from what the client itself wrote
 * @param redisTimeout a rate-limit check slower than this is skipped (the request is allowed)
 */
@ConfigurationProperties("agora.rate-limit")
public record RateLimitProperties(@DefaultValue("1") int trustedProxies, @DefaultValue("100ms") Duration redisTimeout) {
}
