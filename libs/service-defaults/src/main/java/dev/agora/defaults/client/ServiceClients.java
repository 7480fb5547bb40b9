package dev.agora.defaults.client;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import dev.agora.defaults.web.IdempotencyKey;

/**
 * The one way a service gets a client for another: {@code clients.of("product")} is a
 * {@link WebClient} for {@code agora.services.product.uri} with everything Spring's shared builder
 * adds (timeouts, the request id, the service token) and, per target service:
 * <ul>
 * <li>bounded retries of idempotent calls (GET, HEAD, OPTIONS, PUT, DELETE, and any call with an
 * {@code Idempotency-Key}) that were never answered (no connection) or answered 502/503, with
 * exponential backoff; a non-idempotent call is never sent twice, and the last answer is returned
 * as it came;</li>
 * <li>a circuit breaker that counts 5xx answers, timeouts and connection failures; while it is
 * open a call fails at once with a {@link WebClientRequestException} caused by
 * {@link CallNotPermittedException}: "not sent", which callers already treat as "try again
 * later" (a 503 problem, or a saga step retried). Its state is the
 * {@code resilience4j_circuitbreaker_state} metric the {@code AgoraCircuitBreakerOpen} alert
 * watches.</li>
 * </ul>
 */
public final class ServiceClients {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(502, 503);

    private final WebClient.Builder builder;
    private final ServicesProperties services;
    private final ServiceClientProperties.Resilience resilience;
    private final CircuitBreakerRegistry breakers;

    ServiceClients(WebClient.Builder builder, ServicesProperties services, ServiceClientProperties properties,
            CircuitBreakerRegistry breakers) {
        this.builder = builder;
        this.services = services;
        this.resilience = properties.resilience();
        this.breakers = breakers;
    }

    /** A client for {@code agora.services.<service>}; fails at start-up when its URI is not set. */
    public WebClient of(String service) {
        return builder.clone()
            .baseUrl(services.uri(service).toString())
            .filter(resilient(breakers.circuitBreaker(service)))
            .build();
    }

    private ExchangeFilterFunction resilient(CircuitBreaker breaker) {
        return (request, next) -> {
            if (!idempotent(request)) {
                return guarded(breaker, request, next);
            }
            AtomicInteger retries = new AtomicInteger();
            // guarded() defers, so each retry asks the breaker again.
            return guarded(breaker, request, next)
                .flatMap(response -> RETRYABLE_STATUSES.contains(response.statusCode().value())
                        && retries.get() < resilience.retries()
                                ? response.releaseBody().then(Mono.<ClientResponse>error(new Unavailable(response)))
                                : Mono.just(response))
                .retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                    Throwable error = signal.failure();
                    boolean retryable = error instanceof Unavailable || neverSent(error);
                    if (retryable && retries.getAndIncrement() < resilience.retries()) {
                        return Mono.delay(resilience.retryBackoff().multipliedBy(1L << signal.totalRetries()));
                    }
                    return Mono.error(error);
                })));
        };
    }

    /** One call through the breaker: refused at once while it is open, its outcome recorded. */
    private static Mono<ClientResponse> guarded(CircuitBreaker breaker, ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Mono.error(new WebClientRequestException(CallNotPermittedException.createCallNotPermittedException(breaker),
                        request.method(), request.url(), request.headers()));
            }
            long start = System.nanoTime();
            return next.exchange(request)
                .doOnNext(response -> {
                    long took = System.nanoTime() - start;
                    if (response.statusCode().is5xxServerError()) {
                        breaker.onError(took, TimeUnit.NANOSECONDS, new Unavailable(response));
                    }
                    else {
                        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    }
                })
                .doOnError(error -> breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error))
                .doOnCancel(breaker::releasePermission);
        });
    }

    private static boolean idempotent(ClientRequest request) {
        return IDEMPOTENT.contains(request.method()) || request.headers().containsHeader(IdempotencyKey.HEADER);
    }

    /** No connection was made, so the call can be sent again whatever it is; an open breaker is not retried. */
    private static boolean neverSent(Throwable error) {
        return error instanceof WebClientRequestException && error.getCause() instanceof ConnectException;
    }

    /** A 5xx answer, as the breaker and the retry see it. */
    static final class Unavailable extends RuntimeException {

        Unavailable(ClientResponse response) {
            super("HTTP " + response.statusCode().value(), null, false, false);
        }
    }
}
