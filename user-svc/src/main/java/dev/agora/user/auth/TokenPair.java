package dev.agora.user.auth;

/**
 * What a successful login, signup or refresh returns.
 */
public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
}
