package dev.agora.defaults.web;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns any throwable into the problem document a client may see: the status and wording of known
 * errors, a generic 500 for the rest. Never exposes exception messages of unknown errors, class
 * names, SQL or stack traces.
 */
final class ProblemMapper {

    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    ResponseEntity<Object> toResponse(Throwable error, ServerWebExchange exchange) {
        Mapped callers = callerFault(error, exchange);
        Mapped mapped = callers != null ? callers : map(error);
        ProblemDetail problem = Problems.complete(mapped.problem(), exchange);
        if (problem.getStatus() == 503 || problem.getStatus() == 504) {
            // A dependency down, refused by its breaker or too slow: expected, and under overload
            // frequent. One line each; a stack trace per request would add CPU where none is left.
            log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.getStatus(), cause(error));
        }
        else if (problem.getStatus() >= 500) {
            log.error("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.getStatus(), error);
        }
        else {
            log.debug("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.getStatus(), error.toString());
        }
        return ResponseEntity.status(problem.getStatus())
            .headers(mapped.headers())
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(toBody(problem));
    }

    /**
     * A failure of the caller's own connection, which only the exchange tells from a dependency's;
     * null for any other. Both are 4xx, so they are logged at DEBUG and no 5xx is counted.
     */
    private static Mapped callerFault(Throwable error, ServerWebExchange exchange) {
        if (isNettyConnectionFailure(error) && ClientConnection.closed(exchange.getRequest())) {
            // Not a dependency down: the caller hung up. Its 499 is for the access log and the metrics.
            return plain(ProblemType.CLIENT_CLOSED_REQUEST, "The client closed the connection before the answer.");
        }
        if (ClientConnection.answeredByServer(error, exchange.getResponse())) {
            // Reactor Netty already answered this malformed request with 400; this answer reaches nobody.
            return plain(ProblemType.BAD_REQUEST, "The request is not valid HTTP.");
        }
        return null;
    }

    /** The JSON members of a problem, in the order DESIGN.md lists them. */
    static Map<String, Object> toBody(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    private static final JsonMapper WIRE = JsonMapper.builder().build();

    Mapped map(Throwable error) {
        Throwable limit = find(error, DataBufferLimitException.class);
        if (limit != null) {
            return plain(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than this endpoint accepts.");
        }
        if (error instanceof WebExchangeBindException bind) {
            return validation(bind);
        }
        if (error instanceof HandlerMethodValidationException validation) {
            List<Problems.FieldError> errors = new ArrayList<>();
            validation.getParameterValidationResults().forEach(result -> result.getResolvableErrors()
                .forEach(e -> errors.add(new Problems.FieldError(result.getMethodParameter().getParameterName(),
                        e.getDefaultMessage()))));
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "Some parameters are invalid."), errors), HttpHeaders.EMPTY);
        }
        if (find(error, InvalidMediaTypeException.class) != null) {
            // Thrown wherever something first parses the header (the body filters, before any handler).
            // Accept is parsed by content negotiation, which answers 406 itself; this is Content-Type.
            return plain(ProblemType.BAD_REQUEST, "The Content-Type header is not a valid media type.");
        }
        if (error instanceof UnsupportedMediaTypeStatusException) {
            return plain(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.");
        }
        if (error instanceof MethodNotAllowedException notAllowed) {
            Mapped mapped = plain(ProblemType.METHOD_NOT_ALLOWED, "This resource does not support " + notAllowed.getHttpMethod() + ".");
            return new Mapped(mapped.problem(), notAllowed.getHeaders());
        }
        if (error instanceof ServerWebInputException input) {
            return badInput(input);
        }
        if (error instanceof ServerErrorException serverError && serverError.getMethodParameter() != null
                && serverError.getMethodParameter().hasParameterAnnotation(PathVariable.class)) {
            // WebFlux calls a path variable it lacks its own fault (500). A matched route always has the
            // segment, so only a value that converts to nothing gets here: " " for a UUID or a number.
            return malformedParameter(serverError.getMethodParameter().getParameterName());
        }
        if (error instanceof ErrorResponse response) {
            return fromErrorResponse(response);
        }
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (annotated != null && annotated.code() != HttpStatus.INTERNAL_SERVER_ERROR) {
            return fromErrorResponse(ErrorResponse.create(error, annotated.code(), annotated.reason()));
        }
        if (error instanceof DuplicateKeyException) {
            return plain(ProblemType.CONFLICT, "The resource already exists.");
        }
        if (error instanceof OptimisticLockingFailureException) {
            return plain(ProblemType.CONFLICT, "The resource was changed concurrently; reload it and retry.");
        }
        if (hasCause(error, "CallNotPermittedException")) {
            return plain(ProblemType.SERVICE_UNAVAILABLE, "A service this request depends on is failing; retry later.");
        }
        if (hasCause(error, "BulkheadFullException")) {
            return plain(ProblemType.SERVICE_UNAVAILABLE, "A service this request depends on is at capacity; retry shortly.");
        }
        if (find(error, TimeoutException.class) != null) {
            return plain(ProblemType.GATEWAY_TIMEOUT, "A service this request depends on did not answer in time.");
        }
        if (find(error, ConnectException.class) != null || error instanceof WebClientRequestException
                || isNettyConnectionFailure(error)) {
            return plain(ProblemType.SERVICE_UNAVAILABLE, "A service this request depends on is unavailable; retry later.");
        }
        return plain(ProblemType.INTERNAL_ERROR, "An unexpected error occurred; quote the requestId when reporting it.");
    }

    private static boolean isNettyConnectionFailure(Throwable error) {
        return hasCause(error, "PrematureCloseException") || hasCause(error, "ConnectTimeoutException")
                || hasCause(error, "AbortedException");
    }

    /** The error and its root cause, in one line: what a 503 or 504 needs to be told apart. */
    private static String cause(Throwable error) {
        Throwable root = error;
        // Bounded: a cause chain may loop.
        for (int depth = 0; depth < 20 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (cause: " + root + ")";
    }

    /** Matches by simple name so the mapper needs no compile dependency on Netty or Resilience4j. */
    private static boolean hasCause(Throwable error, String simpleName) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private Mapped fromErrorResponse(ErrorResponse response) {
        HttpStatusCode status = response.getStatusCode();
        ProblemDetail source = response.getBody();
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(source.getType());
        if (status.value() == 404 && !(response instanceof AgoraException)) {
            // Framework 404s name internal resources; callers only need to know nothing is there.
            problem.setTitle("Not found");
            problem.setDetail("No resource exists at this path.");
        }
        else if (status.is5xxServerError() && !(response instanceof AgoraException)) {
            problem.setTitle(HttpStatus.valueOf(status.value()).getReasonPhrase());
            problem.setDetail(status.value() == 503 ? "A service this request depends on is unavailable; retry later."
                    : status.value() == 504 ? "A service this request depends on did not answer in time."
                    : "An unexpected error occurred; quote the requestId when reporting it.");
        }
        else {
            problem.setTitle(source.getTitle());
            problem.setDetail(source.getDetail());
            if (source.getProperties() != null) {
                source.getProperties().forEach(problem::setProperty);
            }
        }
        return new Mapped(problem, response.getHeaders());
    }

    private Mapped validation(WebExchangeBindException bind) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (FieldError fieldError : bind.getFieldErrors()) {
            errors.add(new Problems.FieldError(fieldError.getField(), fieldError.getDefaultMessage()));
        }
        bind.getGlobalErrors().forEach(e -> errors.add(new Problems.FieldError(e.getObjectName(), e.getDefaultMessage())));
        ProblemDetail problem = Problems.of(ProblemType.VALIDATION_ERROR, "The request has invalid fields.");
        return new Mapped(Problems.withErrors(problem, errors), HttpHeaders.EMPTY);
    }

    private Mapped badInput(ServerWebInputException input) {
        JacksonException json = find(input, JacksonException.class);
        if (json instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "The request has a field this endpoint does not accept."),
                    List.of(new Problems.FieldError(field, "is not a known or settable field"))), HttpHeaders.EMPTY);
        }
        if (json instanceof StreamReadException) {
            return plain(ProblemType.MALFORMED_JSON, "The request body is not valid JSON.");
        }
        if (json instanceof UnsafeTextException unsafe) {
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A text field holds characters no text may hold."),
                    List.of(new Problems.FieldError(path(json), unsafe.fieldMessage()))), HttpHeaders.EMPTY);
        }
        if (json instanceof MismatchedInputException mismatch && wholeNumber(mismatch.getTargetType())
                && mismatch.getCurrentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A field that takes a whole number was given a fraction."),
                    List.of(new Problems.FieldError(path(json), "must be a whole number"))), HttpHeaders.EMPTY);
        }
        if (json instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A field has a value it does not take."),
                    List.of(new Problems.FieldError(path(json), oneOf(invalid.getTargetType())))), HttpHeaders.EMPTY);
        }
        if (json != null) {
            String field = path(json);
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A field has the wrong type or shape."),
                    List.of(new Problems.FieldError(field, "has the wrong type or shape"))), HttpHeaders.EMPTY);
        }
        if (find(input, DecodingException.class) != null) {
            return plain(ProblemType.MALFORMED_JSON, "The request body could not be read.");
        }
        String reason = input.getReason() == null ? "" : input.getReason();
        if (reason.contains("body")) {
            return plain(ProblemType.MISSING_BODY, "This request needs a JSON body.");
        }
        String parameter = input.getMethodParameter() != null ? input.getMethodParameter().getParameterName() : null;
        TypeMismatchException mismatch = find(input, TypeMismatchException.class);
        if (parameter != null && mismatch != null && mismatch.getRequiredType() != null
                && mismatch.getRequiredType().isEnum()) {
            return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A parameter has a value it does not take."),
                    List.of(new Problems.FieldError(parameter, oneOf(mismatch.getRequiredType())))), HttpHeaders.EMPTY);
        }
        if (parameter != null) {
            return malformedParameter(parameter);
        }
        return plain(ProblemType.BAD_REQUEST, "The request could not be read.");
    }

    private static Mapped malformedParameter(String parameter) {
        return new Mapped(Problems.withErrors(Problems.of(ProblemType.VALIDATION_ERROR, "A parameter is missing or malformed."),
                List.of(new Problems.FieldError(parameter, "is missing or malformed"))), HttpHeaders.EMPTY);
    }

    /** The values as clients write them (an enum's {@code @JsonValue}, else its names). */
    private static String oneOf(Class<?> enumType) {
        return "must be one of " + java.util.Arrays.stream(enumType.getEnumConstants())
            .map(constant -> WIRE.valueToTree(constant).asString())
            .toList();
    }

    private static boolean wholeNumber(Class<?> type) {
        return type != null && (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == java.math.BigInteger.class);
    }

    private static String path(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : json.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            }
            else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Mapped plain(ProblemType type, String detail) {
        return new Mapped(Problems.of(type, detail), HttpHeaders.EMPTY);
    }

    record Mapped(ProblemDetail problem, HttpHeaders headers) {
    }
}
