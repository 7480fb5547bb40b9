package dev.agora.defaults.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Refuses any request body that carries something shaped like a card number (13 to 19 digits,
 * optionally grouped by spaces or dashes, passing the Luhn check), in any field, known or not.
 * Agora takes provider tokens only; a raw number is refused before anything binds, stores or logs
 * it, and the answer does not echo it. On with {@code agora.web.refuse-card-numbers=true} (services
 * that take payment details: payment-svc, order-svc), except on the paths a service names in
 * {@code agora.web.card-number-exempt-paths}.
 */
final class CardNumberFilter implements WebFilter, Ordered {

    private static final Pattern UUID_SHAPE = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    private final int maxBytes;
    private final List<PathPattern> exempt;

    CardNumberFilter(WebDefaultsProperties web) {
        this.maxBytes = (int) web.maxRequestBody().toBytes();
        this.exempt = web.cardNumberExemptPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public int getOrder() {
        // After the request id and size limit filters, before anything reads the body.
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH || exempt(exchange)) {
            return chain.filter(exchange);
        }
        return RequestBodies.read(exchange.getRequest(), maxBytes)
            .onErrorMap(DataBufferLimitException.class, ex -> new AgoraException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large."))
            .flatMap(bytes -> {
                if (containsCardNumber(new String(bytes, StandardCharsets.UTF_8))) {
                    return Mono.error(rawCardData());
                }
                return chain.filter(exchange.mutate().request(RequestBodies.replaying(exchange, bytes)).build());
            });
    }

    private boolean exempt(ServerWebExchange exchange) {
        var path = exchange.getRequest().getPath().pathWithinApplication();
        return exempt.stream().anyMatch(pattern -> pattern.matches(path));
    }

    static boolean containsCardNumber(String text) {
        Matcher candidates = CANDIDATE.matcher(UUID_SHAPE.matcher(text).replaceAll("-"));
        while (candidates.find()) {
            if (luhn(candidates.group().replaceAll("[ -]", ""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static AgoraException rawCardData() {
        return new AgoraException(ProblemType.RAW_CARD_DATA, "Agora never takes card numbers. Tokenise the card with the payment provider and send the payment method token.")
            .withErrors(List.of(new Problems.FieldError("paymentMethod", "must be a payment provider token, not a card number")));
    }
}
