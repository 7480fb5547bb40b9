package dev.agora.defaults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256: of text for high-entropy secrets stored as hashes (tokens, client secrets) and for
 * cache keys, of bytes for content addresses. Not for passwords: those need a slow hash.
 */
public final class Digests {

    private Digests() {
    }

    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of bytes: content addresses (product images are stored by the hash of their bytes). */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every JVM has SHA-256", ex);
        }
    }
}
