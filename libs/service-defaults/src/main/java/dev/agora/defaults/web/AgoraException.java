package dev.agora.defaults.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every domain error: a status, a problem type slug, a title safe to show and a detail
 * safe to show. Subclass it, or use it directly for one-off errors.
 */
public class AgoraException extends ErrorResponseException {

    public AgoraException(HttpStatusCode status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    public AgoraException(HttpStatusCode status, String slug, String title, String detail, HttpHeaders headers) {
        super(status, Problems.of(status, slug, title, detail), null);
        if (headers != null) {
            getHeaders().putAll(headers);
        }
    }

    /** Adds field errors to the problem. */
    public AgoraException withErrors(List<Problems.FieldError> errors) {
        Problems.withErrors(getBody(), errors);
        return this;
    }

    public static AgoraException notFound(String what) {
        return new AgoraException(HttpStatus.NOT_FOUND, "not-found", "Not found",
                what + " was not found.");
    }

    public static AgoraException badRequest(String detail) {
        return new AgoraException(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static AgoraException conflict(String detail) {
        return new AgoraException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static AgoraException forbidden(String detail) {
        return new AgoraException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }
}
