package dev.agora.defaults.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import dev.agora.defaults.web.AgoraException;

/**
 * The caller, as proven by a verified access token. Handlers take it as a parameter; a request
 * without a valid token never reaches a handler that asks for one.
 *
 * @param userId the token's subject
 * @param roles the roles the token grants
 * @param vendorId the vendor the user acts for, if any
 * @param tokenId the token's {@code jti}, for revocation
 * @param expiresAt the token's expiry
 * @param token the raw token, to forward on calls made on the caller's behalf
 * @param scopes what a service client may do ({@link Scopes}); empty for people
 * @param emailVerified whether the user had proven their email address when the token was issued
 *        ({@code emailVerified} claim); false for service clients and for tokens without the claim
 */
public record AgoraPrincipal(UUID userId, Set<String> roles, UUID vendorId, String tokenId, Instant expiresAt,
        String token, Set<String> scopes, boolean emailVerified) {

    public static final String ADMIN = "admin";
    public static final String CUSTOMER = "customer";
    public static final String VENDOR = "vendor";
    public static final String SERVICE = "service";

    /** Every role a token may carry. */
    public static final Set<String> KNOWN_ROLES = Set.of(CUSTOMER, VENDOR, ADMIN, SERVICE);

    public AgoraPrincipal {
        // Keeps the token's order, which downstream headers and logs show.
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Throws 403 if the caller is a service client without the scope; people pass (their roles decide). */
    public AgoraPrincipal requireScopeIfService(String scope) {
        if (hasRole(SERVICE) && !hasScope(scope)) {
            throw AgoraException.forbidden("This service client lacks the scope " + scope + ".");
        }
        return this;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN);
    }

    /** Whether this caller is the given user. */
    public boolean is(UUID user) {
        return userId.equals(user);
    }

    /** Throws 403 unless the caller has one of the roles. */
    public AgoraPrincipal requireAnyRole(String... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(this::hasRole)) {
            throw AgoraException.forbidden("This operation needs the role " + String.join(" or ", anyOf) + ".");
        }
        return this;
    }

    @Override
    public String toString() {
        // Never print the raw token.
        return "AgoraPrincipal[userId=" + userId + ", roles=" + roles + ", vendorId=" + vendorId + ", scopes=" + scopes
                + ", emailVerified=" + emailVerified + "]";
    }
}
