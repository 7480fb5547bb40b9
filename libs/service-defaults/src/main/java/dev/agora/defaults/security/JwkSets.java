package dev.agora.defaults.security;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes RFC 7517 JWK sets of RSA signing keys. Only {@code kty=RSA}, {@code use=sig}
 * (or absent), {@code alg=RS256} (or absent) keys are read; anything else in a set is ignored.
 */
public final class JwkSets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JwkSets() {
    }

    /** The JSON of a set holding the given keys, in order. */
    public static String toJson(Map<String, RSAPublicKey> keys) {
        List<Map<String, String>> jwks = new ArrayList<>();
        keys.forEach((kid, key) -> {
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", kid);
            jwk.put("n", unsigned(key.getModulus()));
            jwk.put("e", unsigned(key.getPublicExponent()));
            jwks.add(jwk);
        });
        return JSON.writeValueAsString(Map.of("keys", jwks));
    }

    /** The RSA signing keys of a JWK set, by {@code kid}. */
    public static Map<String, RSAPublicKey> parse(String json) {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        JsonNode root = JSON.readTree(json);
        for (JsonNode jwk : root.path("keys")) {
            if (!"RSA".equals(jwk.path("kty").asString(""))) {
                continue;
            }
            String use = jwk.path("use").asString("sig");
            String alg = jwk.path("alg").asString("RS256");
            String kid = jwk.path("kid").asString("");
            if (!"sig".equals(use) || !"RS256".equals(alg) || kid.isEmpty()) {
                continue;
            }
            try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asString("")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asString("")));
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                if (key.getModulus().bitLength() >= 2048) {
                    keys.put(kid, key);
                }
            }
            catch (Exception ex) {
                // A malformed entry must not hide the good ones.
            }
        }
        return keys;
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            bytes = trimmed;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
