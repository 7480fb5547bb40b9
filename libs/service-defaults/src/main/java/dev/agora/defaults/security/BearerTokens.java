package dev.agora.defaults.security;

import java.util.List;

/**
 * Reads the token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1).
 */
public final class BearerTokens {

    private static final String BEARER = "bearer ";

    private BearerTokens() {
    }

    /** The token of exactly one bearer {@code Authorization} header, or null for anything else. */
    public static String extract(List<String> authorizationHeaders) {
        if (authorizationHeaders.size() != 1) {
            return null;
        }
        String value = authorizationHeaders.getFirst();
        if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() || token.contains(" ") ? null : token;
    }
}
