package dev.agora.gateway.ratelimit;

import java.net.InetSocketAddress;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.gateway.edge.EdgeAuthenticationGatewayFilterFactory;
import dev.agora.defaults.web.ProblemType;

/**
 * Token-bucket rate limit per caller: the user id when authenticated, else the client address.
 * Over the limit → 429 problem with {@code Retry-After}.
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    private final RedisTokenBucket bucket;
    private final RemoteAddressResolver clientAddress;

    RateLimitGatewayFilterFactory(RedisTokenBucket bucket, RateLimitProperties properties) {
        super(Config.class);
        this.bucket = bucket;
        this.clientAddress = properties.trustedProxies() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(properties.trustedProxies())
                : new RemoteAddressResolver() { };
    }

    /**
     * Bucket settings.
     */
    public static class Config {

        /** Tokens added per second. */
        private int replenishRate = 20;

        /** Largest burst. */
        private int burstCapacity = 40;

        /** Tokens one request costs. */
        private int requestedTokens = 1;

        public int getReplenishRate() {
            return replenishRate;
        }

        public void setReplenishRate(int replenishRate) {
            this.replenishRate = replenishRate;
        }

        public int getBurstCapacity() {
            return burstCapacity;
        }

        public void setBurstCapacity(int burstCapacity) {
            this.burstCapacity = burstCapacity;
        }

        public int getRequestedTokens() {
            return requestedTokens;
        }

        public void setRequestedTokens(int requestedTokens) {
            this.requestedTokens = requestedTokens;
        }
    }

    @Override
    public GatewayFilter apply(Config config) {
        long retryAfter = Math.max(1, (long) Math.ceil((double) config.getRequestedTokens() / config.getReplenishRate()));
        return (exchange, chain) -> bucket
            .take(key(exchange), config.getReplenishRate(), config.getBurstCapacity(), config.getRequestedTokens())
            .flatMap(decision -> {
                if (decision.remaining() >= 0) {
                    exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
                }
                if (decision.allowed()) {
                    return chain.filter(exchange);
                }
                HttpHeaders headers = new HttpHeaders();
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                return Mono.error(new AgoraException(ProblemType.RATE_LIMITED, "Request rate limit exceeded; retry after " + retryAfter + " s.", headers));
            });
    }

    private String key(ServerWebExchange exchange) {
        AgoraPrincipal principal = EdgeAuthenticationGatewayFilterFactory.principal(exchange);
        if (principal != null) {
            return "user:" + principal.userId();
        }
        InetSocketAddress address = clientAddress.resolve(exchange);
        return "ip:" + (address == null ? "unknown"
                : address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
    }
}
