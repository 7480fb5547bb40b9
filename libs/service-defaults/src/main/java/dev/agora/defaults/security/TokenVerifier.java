package dev.agora.defaults.security;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Agora access tokens exactly as DESIGN.md fixes them: RS256 only, {@code typ: at+jwt},
 * a {@code kid} found only in the issuer's key set (never a {@code jku}, {@code x5u} or embedded
 * key), required {@code iss}, {@code aud}, {@code sub}, {@code exp}, {@code iat} and {@code jti},
 * bounded clock skew and size, and no revoked {@code jti}.
 *
 * <p>A token that passed is remembered, so the next request with it skips the RSA check and the
 * JSON parsing (about 50 µs with the full JIT, a few per cent of a proxied read at the gateway).
 * A remembered token is still refused at once when it expires, when its {@code jti} is revoked, or
 * when its {@code kid} no longer finds the key it was signed with: those are the only checks whose
 * outcome can change for the same string. It is then verified in full again, so the refusal is the
 * one a first look would give.
 */
public final class TokenVerifier {

    private static final String ALGORITHM = "RS256";
    private static final String TYPE = "at+jwt";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * How many verified tokens are remembered: enough for every user active within a token's life
     * on a busy instance, and at about 1 KB each (the token and its principal) a few MB at most.
     */
    static final int REMEMBERED = 4096;

    private final PublicKeySource keys;
    private final TokenRevocations revocations;
    private final JwtProperties properties;
    private final Clock clock;
    private final Map<RSAPublicKey, JwtParser> parsers = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final int remembered;

    public TokenVerifier(PublicKeySource keys, TokenRevocations revocations, JwtProperties properties, Clock clock) {
        this(keys, revocations, properties, clock, REMEMBERED);
    }

    TokenVerifier(PublicKeySource keys, TokenRevocations revocations, JwtProperties properties, Clock clock,
            int remembered) {
        this.keys = keys;
        this.revocations = revocations;
        this.properties = properties;
        this.clock = clock;
        this.remembered = remembered;
    }

    /** A token that passed every check, with the key that proved it. */
    private record Verified(String kid, RSAPublicKey key, AgoraPrincipal principal) {
    }

    /** The principal of a valid token, or an {@link InvalidTokenException}. */
    public Mono<AgoraPrincipal> verify(String token) {
        Verified known = token == null ? null : verified.get(token);
        if (known == null) {
            return verifyInFull(token);
        }
        if (expired(known.principal()) || revocations.isRevoked(known.principal().tokenId())) {
            return forget(token);
        }
        return keys.find(known.kid())
            .filter(known.key()::equals)
            .map(key -> known.principal())
            .switchIfEmpty(Mono.defer(() -> forget(token)));
    }

    private Mono<AgoraPrincipal> forget(String token) {
        verified.remove(token);
        return verifyInFull(token);
    }

    /** jjwt's own rule: expired once the skew-adjusted now is after {@code exp}. */
    private boolean expired(AgoraPrincipal principal) {
        return clock.instant().minus(properties.clockSkew()).isAfter(principal.expiresAt());
    }

    private Mono<AgoraPrincipal> verifyInFull(String token) {
        String kid;
        try {
            kid = precheck(token);
        }
        catch (InvalidTokenException ex) {
            return Mono.error(ex);
        }
        return keys.find(kid)
            .switchIfEmpty(Mono.error(() -> new InvalidTokenException("unknown kid")))
            .map(key -> remember(token, kid, key, verifySignatureAndClaims(token, key)));
    }

    private AgoraPrincipal remember(String token, String kid, RSAPublicKey key, AgoraPrincipal principal) {
        if (verified.size() >= remembered) {
            verified.values().removeIf(entry -> expired(entry.principal()));
            if (verified.size() >= remembered) {
                // Rarely reached, and only with that many distinct valid tokens: starting over costs
                // one full check per token, never a wrong answer.
                verified.clear();
            }
        }
        verified.put(token, new Verified(kid, key, principal));
        return principal;
    }

    /** How many verified tokens are remembered now. */
    int rememberedCount() {
        return verified.size();
    }

    /** Checks everything that needs no key, and returns the {@code kid}. */
    private String precheck(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("empty");
        }
        if (token.length() > properties.maxTokenSize().toBytes()) {
            throw new InvalidTokenException("too large");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWS");
        }
        for (String part : parts) {
            if (!BASE64URL.matcher(part).matches()) {
                throw new InvalidTokenException("not base64url");
            }
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        }
        catch (RuntimeException ex) {
            throw new InvalidTokenException("unreadable header");
        }
        if (header == null || !header.isObject()) {
            throw new InvalidTokenException("unreadable header");
        }
        if (!ALGORITHM.equals(header.path("alg").asString(""))) {
            throw new InvalidTokenException("algorithm not allowed");
        }
        if (!TYPE.equalsIgnoreCase(header.path("typ").asString(""))) {
            throw new InvalidTokenException("wrong typ");
        }
        if (header.has("crit") || header.has("jwk") || header.has("zip")) {
            throw new InvalidTokenException("unsupported header");
        }
        String kid = header.path("kid").asString("");
        if (!KID.matcher(kid).matches()) {
            throw new InvalidTokenException("bad kid");
        }
        return kid;
    }

    private JwtParser parserFor(RSAPublicKey key) {
        return Jwts.parser()
            // Explicit, so jjwt never looks one up with ServiceLoader (jar I/O) on an event-loop thread.
            .json(new JacksonDeserializer<>())
            .clock(() -> Date.from(clock.instant()))
            .verifyWith(key)
            .requireIssuer(properties.issuer())
            .requireAudience(properties.audience())
            .clockSkewSeconds(properties.clockSkew().toSeconds())
            .build();
    }

    private AgoraPrincipal verifySignatureAndClaims(String token, RSAPublicKey key) {
        Jws<Claims> jws;
        try {
            jws = parsers.computeIfAbsent(key, this::parserFor).parseSignedClaims(token);
        }
        catch (RuntimeException ex) {
            throw new InvalidTokenException("signature or claims: " + ex.getClass().getSimpleName());
        }
        if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("algorithm not allowed");
        }
        Claims claims = jws.getPayload();
        Date expiration = claims.getExpiration();
        if (expiration == null || claims.getIssuedAt() == null) {
            throw new InvalidTokenException("missing exp or iat");
        }
        Instant now = clock.instant();
        if (claims.getIssuedAt().toInstant().isAfter(now.plus(properties.clockSkew()))) {
            throw new InvalidTokenException("issued in the future");
        }
        String jti = claims.getId();
        if (jti == null || jti.isBlank() || jti.length() > 64) {
            throw new InvalidTokenException("missing jti");
        }
        if (revocations.isRevoked(jti)) {
            throw new InvalidTokenException("revoked");
        }
        UUID subject = uuid(claims.getSubject(), "sub");
        Set<String> roles = roles(claims.get("roles"));
        Object vendor = claims.get("vendorId");
        UUID vendorId = vendor == null ? null : uuid(vendor.toString(), "vendorId");
        return new AgoraPrincipal(subject, roles, vendorId, jti, expiration.toInstant(), token, scopes(claims.get("scope")),
                Boolean.TRUE.equals(claims.get("emailVerified")));
    }

    /** RFC 9068 / RFC 8693: a space-separated list; only scopes Agora knows count. */
    private static Set<String> scopes(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof String list)) {
            throw new InvalidTokenException("scope is not a string");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : list.trim().split("\\s+")) {
            if (Scopes.ALL.contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static Set<String> roles(Object value) {
        if (!(value instanceof Collection<?> list)) {
            throw new InvalidTokenException("roles missing");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (Object role : list) {
            if (role instanceof String name && AgoraPrincipal.KNOWN_ROLES.contains(name)) {
                roles.add(name);
            }
            else {
                throw new InvalidTokenException("unknown role");
            }
        }
        return roles;
    }

    private static UUID uuid(String value, String claim) {
        try {
            return UUID.fromString(value);
        }
        catch (RuntimeException ex) {
            throw new InvalidTokenException("malformed " + claim);
        }
    }
}
