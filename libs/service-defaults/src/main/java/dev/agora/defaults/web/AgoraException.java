package dev.agora.defaults.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every domain error: a type from the {@link ProblemType} catalogue (status, slug, title)
 * and a detail safe to show. Subclass it, or use it directly.
 */
public class AgoraException extends ErrorResponseException {

    public AgoraException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public AgoraException(ProblemType type, String detail, HttpHeaders headers) {
        super(type.status(), Problems.of(type, detail), null);
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
        return new AgoraException(ProblemType.NOT_FOUND, what + " was not found.");
    }

    public static AgoraException badRequest(String detail) {
        return new AgoraException(ProblemType.BAD_REQUEST, detail);
    }

    public static AgoraException conflict(String detail) {
        return new AgoraException(ProblemType.CONFLICT, detail);
    }

    public static AgoraException forbidden(String detail) {
        return new AgoraException(ProblemType.FORBIDDEN, detail);
    }
}
