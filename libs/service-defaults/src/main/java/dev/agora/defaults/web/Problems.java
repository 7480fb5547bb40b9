package dev.agora.defaults.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Builds RFC 9457 problem documents in the one shape every Agora service answers with.
 */
public final class Problems {

    /** Base of every problem {@code type} URI; the slug after it names the kind of error. */
    public static final String TYPE_BASE = "https://agora.dev/problems/";

    private Problems() {
    }

    /** A problem of one of the catalogue's types. */
    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    /**
     * Adds {@code instance}, {@code requestId} and {@code traceId} of the exchange, and a type derived
     * from the status when none is set. The trace id leads from an error a user reports to its trace.
     */
    public static ProblemDetail complete(ProblemDetail problem, ServerWebExchange exchange) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(TYPE_BASE + slugOf(problem.getStatus())));
        }
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        Object requestId = exchange.getAttribute(RequestIdFilter.ATTRIBUTE);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        traceId(exchange).ifPresent(id -> problem.setProperty("traceId", id));
        return problem;
    }

    /** The trace of the exchange's server observation, when tracing is on. */
    public static Optional<String> traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .map(context -> context.<TracingContext>get(TracingContext.class))
            .map(TracingContext::getSpan)
            .map(Span::context)
            .map(context -> context.traceId())
            .filter(id -> !id.isEmpty() && !id.chars().allMatch(c -> c == '0'));
    }

    /** Attaches field errors, each {@code {field, message}}. */
    public static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }

    static String slugOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 429 -> "too-many-requests";
            case 431 -> "request-header-fields-too-large";
            case 503 -> "service-unavailable";
            case 504 -> "gateway-timeout";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }

    /** One field error in a validation problem. */
    public record FieldError(String field, String message) {

        public FieldError {
            field = field == null ? "" : field;
            message = message == null ? "is invalid" : message;
        }
    }
}
