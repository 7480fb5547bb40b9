package dev.agora.user.token;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque bearer secrets (refresh tokens, reset links): 256 random bits, base64url, behind a prefix. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** {@code prefix} followed by 256 random bits in base64url without padding (43 characters). */
    public static String next(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
