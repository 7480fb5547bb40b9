package dev.agora.defaults.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Every kind of problem an Agora service answers with, in one place: its status, its slug (the
 * last segment of the problem's {@code type} URI, which clients switch on) and its title. A new
 * kind of error gets a constant here, so no two services name the same problem differently.
 */
public enum ProblemType {

    // The request itself
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "Bad request"),
    VALIDATION_ERROR(HttpStatus.BAD_REQUEST, "validation-error", "Validation failed"),
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "uri-too-long", "URI too long"),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-header-fields-too-large", "Request header fields too large"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON"),
    MISSING_BODY(HttpStatus.BAD_REQUEST, "missing-body", "Missing body"),
    RAW_CARD_DATA(HttpStatus.BAD_REQUEST, "raw-card-data", "Card numbers are not accepted"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused"),
    IDEMPOTENCY_KEY_IN_FLIGHT(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request in progress"),

    // Who is asking
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials"),
    INVALID_CLIENT(HttpStatus.UNAUTHORIZED, "invalid-client", "Invalid client"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests"),
    TOO_MANY_LOGIN_ATTEMPTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-attempts", "Too many login attempts"),
    TOO_MANY_EVENTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-events", "Too many events"),
    INVALID_RESET_TOKEN(HttpStatus.BAD_REQUEST, "invalid-reset-token", "Invalid or expired reset link"),
    INVALID_VERIFICATION_TOKEN(HttpStatus.BAD_REQUEST, "invalid-verification-token", "Invalid or expired verification link"),
    EMAIL_UNVERIFIED(HttpStatus.FORBIDDEN, "email-unverified", "Email address not verified"),
    TOO_MANY_VERIFICATION_EMAILS(HttpStatus.TOO_MANY_REQUESTS, "too-many-verification-emails", "Too many verification emails"),

    // The objects
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    UNPROCESSABLE_IMAGE(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable-image", "Image not accepted"),
    TOO_MANY_IMAGES(HttpStatus.CONFLICT, "too-many-images", "Too many images"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),

    // Orders, stock and money
    PRODUCT_UNAVAILABLE(HttpStatus.UNPROCESSABLE_CONTENT, "product-unavailable", "Product unavailable"),
    CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "currency-mismatch", "Currency mismatch"),
    INSUFFICIENT_STOCK(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock"),
    RESERVATION_EXPIRED(HttpStatus.CONFLICT, "reservation-expired", "Reservation expired"),
    IDEMPOTENCY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-mismatch", "Different request for the same order"),
    UNKNOWN_PAYMENT_METHOD(HttpStatus.BAD_REQUEST, "unknown-payment-method", "Unknown payment method"),
    ORDER_ALREADY_PAID(HttpStatus.CONFLICT, "order-already-paid", "Order already paid"),
    CHECKOUT_OWNS_PAYMENT(HttpStatus.CONFLICT, "checkout-owns-payment", "Checkout takes the payment"),
    REFUND_NOT_POSSIBLE(HttpStatus.UNPROCESSABLE_CONTENT, "refund-not-possible", "Refund not possible"),
    REFUND_PENDING(HttpStatus.SERVICE_UNAVAILABLE, "refund-pending", "Refund pending"),

    // The platform
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable"),
    GATEWAY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", "Upstream timeout"),
    /**
     * nginx's 499: the client hung up before its answer (an upload cut off, a tab closed). Nobody
     * reads it; it is what the access log and the request metrics record, rather than a 5xx that
     * would burn the availability SLO for a fault that is not the server's.
     */
    CLIENT_CLOSED_REQUEST(HttpStatusCode.valueOf(499), "client-closed-request", "Client closed request");

    private final HttpStatusCode status;
    private final String slug;
    private final String title;

    ProblemType(HttpStatusCode status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatusCode status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The problem's {@code type}: https://agora.dev/problems/&lt;slug&gt;. */
    public URI uri() {
        return URI.create(Problems.TYPE_BASE + slug);
    }
}
