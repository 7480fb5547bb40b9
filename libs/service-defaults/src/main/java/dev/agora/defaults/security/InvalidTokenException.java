package dev.agora.defaults.security;

import org.springframework.http.HttpHeaders;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * 401 for a missing, malformed, forged, expired or revoked access token. The detail stays vague
 * on purpose: telling an attacker which check failed helps them.
 */
public class InvalidTokenException extends AgoraException {

    private final String reason;

    public InvalidTokenException(String reason) {
        super(ProblemType.UNAUTHORIZED, "A valid access token is required.", challenge("invalid_token"));
        this.reason = reason;
    }

    private InvalidTokenException() {
        super(ProblemType.UNAUTHORIZED, "A valid access token is required.",
                challenge(null));
        this.reason = "missing";
    }

    /** No token at all: the challenge carries no error code (RFC 6750 §3.1). */
    public static InvalidTokenException missing() {
        return new InvalidTokenException();
    }

    /** Why verification failed: for logs only, never for the client. */
    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (" + reason + ")";
    }

    private static HttpHeaders challenge(String error) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, error == null ? "Bearer realm=\"agora\""
                : "Bearer realm=\"agora\", error=\"" + error + "\"");
        return headers;
    }
}
