package dev.agora.defaults.web;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Digests;

/**
 * A validated {@code Idempotency-Key} header (DESIGN.md: required on operations that move money or
 * stock; same key and body replay, a different body is a 422, one in flight is a 409 unless the
 * store makes the repeat wait for it, as newsletters' unique index does). The key is scoped to the
 * caller by whoever stores it.
 *
 * @param value the client's key, 1 to 255 visible ASCII characters
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** Throws a 400 naming the header unless it is present and well formed. */
    public static IdempotencyKey require(String header) {
        if (header == null || header.isBlank()) {
            throw AgoraException.badRequest("This operation needs an Idempotency-Key header (a unique value per intended operation, e.g. a UUID).")
                .withErrors(List.of(new Problems.FieldError(HEADER, "is required")));
        }
        if (!VALID.matcher(header).matches()) {
            throw AgoraException.badRequest("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
                .withErrors(List.of(new Problems.FieldError(HEADER, "must be 1 to 255 visible ASCII characters")));
        }
        return new IdempotencyKey(header);
    }

    /** A fingerprint of a request body, to tell a replay from a different request under the same key. */
    public static String fingerprint(JsonMapper json, Object request) {
        return HexFormat.of().formatHex(Digests.sha256(json.writeValueAsString(request)));
    }

    /** The 422 for a key reused with a different request. */
    public static AgoraException mismatch() {
        return new AgoraException(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used for a different request.");
    }

    /** The 409 for a key whose first request is still being processed. */
    public static AgoraException inFlight() {
        return new AgoraException(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT, "A request with this Idempotency-Key is still being processed; retry shortly.");
    }
}
