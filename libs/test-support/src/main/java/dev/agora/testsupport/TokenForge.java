package dev.agora.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds access tokens by hand, valid or deliberately broken, for tests of the verifier: an RSA
 * key the service under test is configured with, and drafts whose header and claims can be
 * changed before signing with any algorithm and key.
 */
public final class TokenForge {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String kid;
    private final KeyPair keyPair;

    private TokenForge(String kid, KeyPair keyPair) {
        this.kid = kid;
        this.keyPair = keyPair;
    }

    /** A forge with a fresh 2048-bit RSA key. */
    public static TokenForge newKey(String kid) {
        return new TokenForge(kid, generate("RSA", 2048));
    }

    public String kid() {
        return kid;
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    /** The private key as PKCS#8 PEM, as user-svc reads it. */
    public String privateKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keyPair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * Every scope a service client can be given, space-separated as the {@code scope} claim carries
     * them: service-defaults' {@code Scopes.ALL}, which its tests check this against (test-support
     * cannot depend on service-defaults, whose own tests use it).
     */
    public static final String ALL_SCOPES = "catalog:read vendors:read inventory:reserve payments:charge payments:refund "
            + "payments:read orders:read users:read users:vendor users:addresses users:verification";

    /** A service token that may do everything, for a service's tests of what other services ask of it. */
    public String service() {
        return draft(UUID.randomUUID(), "service").claim("scope", ALL_SCOPES).sign();
    }

    /** A valid access token's header and claims, ready to change. */
    public Draft draft(UUID subject, String... roles) {
        Instant now = Instant.now();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "at+jwt");
        header.put("kid", kid);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "agora");
        claims.put("aud", "agora-api");
        claims.put("sub", subject.toString());
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(900).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("roles", List.of(roles));
        if (!List.of(roles).contains("service")) {
            // People's tokens as user-svc issues them to a verified account; drafts can drop it.
            claims.put("emailVerified", true);
        }
        return new Draft(header, claims);
    }

    /** A key pair of another party: {@code RSA} or {@code EC} (P-256). */
    public static KeyPair foreignKey(String algorithm) {
        return "EC".equals(algorithm) ? generate("EC", 256) : generate("RSA", 2048);
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if ("EC".equals(algorithm)) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            else {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A token before signing.
     */
    public final class Draft {

        private final Map<String, Object> header;
        private final Map<String, Object> claims;

        private Draft(Map<String, Object> header, Map<String, Object> claims) {
            this.header = header;
            this.claims = claims;
        }

        public Draft header(String name, Object value) {
            if (value == null) {
                header.remove(name);
            }
            else {
                header.put(name, value);
            }
            return this;
        }

        public Draft claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            }
            else {
                claims.put(name, value);
            }
            return this;
        }

        /** Signed with the forge's key by the algorithm the header names (RS256 by default). */
        public String sign() {
            return signWith(keyPair.getPrivate(), String.valueOf(header.get("alg")));
        }

        /** Signed with any key by a JCA algorithm chosen from the JWS name. */
        public String signWith(PrivateKey key, String jwsAlgorithm) {
            String input = signingInput();
            try {
                String jca = switch (jwsAlgorithm) {
                    case "RS256" -> "SHA256withRSA";
                    case "RS384" -> "SHA384withRSA";
                    case "RS512" -> "SHA512withRSA";
                    case "ES256" -> "SHA256withECDSAinP1363Format";
                    default -> throw new IllegalArgumentException(jwsAlgorithm);
                };
                var signature = java.security.Signature.getInstance(jca);
                signature.initSign(key);
                signature.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + b64(signature.sign());
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** HMAC-signed with arbitrary secret bytes (the "public key as HMAC secret" attack). */
        public String signHs256(byte[] secret) {
            String input = signingInput();
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** No signature at all, as {@code alg: none} tokens carry. */
        public String unsigned() {
            return signingInput() + ".";
        }

        private String signingInput() {
            return b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
