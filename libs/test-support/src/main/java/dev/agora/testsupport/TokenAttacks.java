package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Every forged or broken access token a verifier must refuse, by name. Each differs from a valid
 * token (signed by the real key) in as little as possible, so a refusal proves the one check.
 */
public final class TokenAttacks {

    private TokenAttacks() {
    }

    /**
     * The attack tokens for a service whose real signing key {@code forge} holds.
     *
     * @param subject an existing user, so only the attacked property can be the cause
     * @param refreshToken a real refresh token, to present as an access token
     * @param lure a URL the verifier must never fetch ({@code jku}/{@code x5u})
     */
    public static Map<String, String> against(TokenForge forge, UUID subject, String refreshToken, String lure) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("malformed", "not-a-jwt");
        attacks.put("two parts", forge.draft(subject, "customer").sign().substring(0, 40) + ".abc");
        attacks.put("bad base64url", "eyJhbGciOiJSUzI1NiJ9!.e30.c2ln");
        attacks.put("alg none", forge.draft(subject, "customer").header("alg", "none").unsigned());
        attacks.put("alg None", forge.draft(subject, "customer").header("alg", "None").unsigned());
        attacks.put("alg NONE", forge.draft(subject, "customer").header("alg", "NONE").unsigned());
        attacks.put("alg none with signature",
                forge.draft(subject, "customer").header("alg", "none").unsigned() + "c2lnbmF0dXJl");
        attacks.put("HS256 keyed with the RSA public key",
                forge.draft(subject, "admin").header("alg", "HS256").signHs256(forge.publicKey().getEncoded()));
        attacks.put("HS256 keyed with the public key PEM", forge.draft(subject, "admin").header("alg", "HS256")
            .signHs256(pem(forge.publicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII)));
        attacks.put("RS512 with a foreign key", forge.draft(subject, "customer").header("alg", "RS512")
            .signWith(TokenForge.foreignKey("RSA").getPrivate(), "RS512"));
        attacks.put("RS512 with the real key", forge.draft(subject, "customer").header("alg", "RS512").sign());
        attacks.put("ES256 with a foreign key", forge.draft(subject, "customer").header("alg", "ES256")
            .signWith(TokenForge.foreignKey("EC").getPrivate(), "ES256"));
        attacks.put("signed by a foreign RSA key", forge.draft(subject, "admin")
            .signWith(TokenForge.foreignKey("RSA").getPrivate(), "RS256"));
        attacks.put("wrong iss", forge.draft(subject, "customer").claim("iss", "evil").sign());
        attacks.put("missing iss", forge.draft(subject, "customer").claim("iss", null).sign());
        attacks.put("wrong aud", forge.draft(subject, "customer").claim("aud", "other-api").sign());
        attacks.put("missing aud", forge.draft(subject, "customer").claim("aud", null).sign());
        attacks.put("wrong typ", forge.draft(subject, "customer").header("typ", "JWT").sign());
        attacks.put("missing typ", forge.draft(subject, "customer").header("typ", null).sign());
        attacks.put("expired", forge.draft(subject, "customer").claim("iat", now - 3600).claim("nbf", now - 3600)
            .claim("exp", now - 120).sign());
        attacks.put("not yet valid", forge.draft(subject, "customer").claim("nbf", now + 600).sign());
        attacks.put("issued in the future", forge.draft(subject, "customer").claim("iat", now + 600).sign());
        attacks.put("missing exp", forge.draft(subject, "customer").claim("exp", null).sign());
        attacks.put("missing jti", forge.draft(subject, "customer").claim("jti", null).sign());
        attacks.put("unknown role", forge.draft(subject, "superuser").sign());
        attacks.put("unknown kid", forge.draft(subject, "customer").header("kid", "no-such-key").sign());
        attacks.put("missing kid", forge.draft(subject, "customer").header("kid", null).sign());
        attacks.put("kid with a path", forge.draft(subject, "customer").header("kid", "../../../../etc/passwd").sign());
        attacks.put("kid with SQL", forge.draft(subject, "customer").header("kid", "x' OR '1'='1").sign());
        attacks.put("jku pointing elsewhere", forge.draft(subject, "admin").header("kid", "attacker-key")
            .header("jku", lure).signWith(TokenForge.foreignKey("RSA").getPrivate(), "RS256"));
        attacks.put("x5u pointing elsewhere", forge.draft(subject, "admin").header("kid", "attacker-key")
            .header("x5u", lure).signWith(TokenForge.foreignKey("RSA").getPrivate(), "RS256"));
        attacks.put("embedded jwk", forge.draft(subject, "admin")
            .header("jwk", Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB")).sign());
        attacks.put("tampered payload", tamper(forge.draft(subject, "customer").sign(), forge, subject));
        attacks.put("refresh token as access token", refreshToken);
        // Over the 8 KiB limit, yet small enough that the whole header block stays under 16 KiB.
        attacks.put("oversized token", forge.draft(subject, "customer").claim("pad", "x".repeat(8_000)).sign());
        return attacks;
    }

    /** The signature of one token on the payload of another, elevated, one. */
    private static String tamper(String valid, TokenForge forge, UUID subject) {
        String[] parts = valid.split("\\.");
        String elevated = forge.draft(subject, "admin").sign().split("\\.")[1];
        return parts[0] + "." + elevated + "." + parts[2];
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * A local HTTP server that counts requests: the {@code jku}/{@code x5u} lure.
     */
    public static final class Lure implements AutoCloseable {

        private final HttpServer server;
        private final AtomicInteger hits = new AtomicInteger();

        public Lure() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
        }

        public int hits() {
            return hits.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
