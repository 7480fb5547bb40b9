package dev.agora.order.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agora.defaults.client.InternalApi;
import dev.agora.defaults.client.ServiceClients;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;
import dev.agora.defaults.web.Problems;

/**
 * payment-svc's word on a payment method token, asked before an order is written: a token the
 * provider does not know is the client's mistake, answered 400 with nothing written, rather than an
 * order that fails its payment.
 * <p>
 * A known token's answer is kept for as long as payment-svc's {@code Cache-Control: max-age} says
 * it stays true (the simulated provider's fixed test tokens), so a checkout with one makes no call
 * for it; an answer without one (a customer's own card, which may be removed) is asked every time.
 * An unknown token is never kept.
 */
@Component
class PaymentMethods {

    record Method(String token, String brand, String last4) {
    }

    private record Kept(Method method, Instant until) {
    }

    /** Tokens kept at most; far more than a provider's fixed test tokens. */
    static final int CAPACITY = 1_024;

    /** The longest an answer is kept, whatever payment-svc says: a token the provider drops is asked again within a day. */
    static final Duration LONGEST = Duration.ofDays(1);

    private final WebClient client;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    PaymentMethods(ServiceClients clients, Clock clock) {
        this.client = clients.of("payment");
        this.clock = clock;
    }

    /** The method; a 400 {@code unknown-payment-method} if the provider does not know the token. */
    Mono<Method> require(String token) {
        Kept known = kept.get(token);
        if (known != null && clock.instant().isBefore(known.until())) {
            return Mono.just(known.method());
        }
        return InternalApi.findEntity(client, "payment service", Method.class, "/internal/payment-methods/{token}", token)
            .mapNotNull(answer -> keep(token, answer))
            .switchIfEmpty(Mono.error(() -> new AgoraException(ProblemType.UNKNOWN_PAYMENT_METHOD, "The payment method token is not known to the payment provider.")
                .withErrors(List.of(new Problems.FieldError("paymentMethod", "is not a known payment method token")))));
    }

    private Method keep(String token, ResponseEntity<Method> answer) {
        Method method = answer.getBody();
        Duration fresh = maxAge(answer.getHeaders().getCacheControl());
        if (method == null || fresh.isZero()) {
            kept.remove(token);
            return method;
        }
        Instant now = clock.instant();
        if (kept.size() >= CAPACITY) {
            kept.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (kept.size() >= CAPACITY) {
                kept.clear();
            }
        }
        kept.put(token, new Kept(method, now.plus(fresh)));
        return method;
    }

    /** {@code max-age} of a {@code Cache-Control} value; zero when absent, or when it forbids keeping the answer. */
    static Duration maxAge(String cacheControl) {
        if (cacheControl == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.ZERO;
        for (String directive : cacheControl.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Duration.ZERO;
            }
            if (d.startsWith("max-age=")) {
                try {
                    age = Duration.ofSeconds(Math.clamp(Long.parseLong(d.substring("max-age=".length())), 0, LONGEST.toSeconds()));
                }
                catch (NumberFormatException ex) {
                    return Duration.ZERO;
                }
            }
        }
        return age;
    }
}
