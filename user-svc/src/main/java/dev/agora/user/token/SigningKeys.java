package dev.agora.user.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.agora.defaults.security.JwkSets;
import dev.agora.defaults.security.PublicKeySource;

/**
 * The keys this service signs with and publishes. With none configured (development only) it
 * generates one at start and says so loudly: tokens then die with the process.
 */
@Component
public class SigningKeys implements PublicKeySource {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final Map<String, RSAPublicKey> publicKeys = new LinkedHashMap<>();
    private final String activeId;
    private final RSAPrivateKey activeKey;

    SigningKeys(TokenProperties properties) {
        Map<String, RSAPrivateKey> privateKeys = new LinkedHashMap<>();
        for (TokenProperties.Key key : properties.keys()) {
            if (key.id() == null || !key.id().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException("agora.auth.keys: every key needs an id of [A-Za-z0-9._-]{1,64}");
            }
            String privatePem = read(key.privateKey(), key.privateKeyLocation());
            if (privatePem != null) {
                RSAPrivateCrtKey privateKey = parsePrivate(privatePem, key.id());
                privateKeys.put(key.id(), privateKey);
                publicKeys.put(key.id(), publicOf(privateKey));
            }
            else {
                String publicPem = read(key.publicKey(), key.publicKeyLocation());
                if (publicPem == null) {
                    throw new IllegalStateException("agora.auth.keys[" + key.id() + "] has neither a private nor a public key");
                }
                publicKeys.put(key.id(), parsePublic(publicPem, key.id()));
            }
        }
        if (privateKeys.isEmpty()) {
            String id = "dev-" + UUID.randomUUID().toString().substring(0, 8);
            RSAPrivateCrtKey generated = generate();
            privateKeys.put(id, generated);
            publicKeys.put(id, publicOf(generated));
            log.warn("No signing key configured (agora.auth.keys): generated a throw-away RSA key '{}'. "
                    + "Tokens will not survive a restart. Never run like this in production.", id);
            activeId = id;
        }
        else {
            activeId = properties.activeKeyId() != null ? properties.activeKeyId() : privateKeys.keySet().iterator().next();
        }
        activeKey = privateKeys.get(activeId);
        if (activeKey == null) {
            throw new IllegalStateException("agora.auth.active-key-id '" + activeId + "' has no private key");
        }
        log.info("Signing with key '{}'; publishing {} key(s)", activeId, publicKeys.size());
    }

    public String activeId() {
        return activeId;
    }

    RSAPrivateKey activeKey() {
        return activeKey;
    }

    /** The JWK set of every published key. */
    public String jwksJson() {
        return JwkSets.toJson(publicKeys);
    }

    @Override
    public Mono<RSAPublicKey> find(String kid) {
        return Mono.justOrEmpty(publicKeys.get(kid));
    }

    private static String read(String inline, Resource location) {
        if (inline != null && !inline.isBlank()) {
            return inline;
        }
        if (location == null) {
            return null;
        }
        try {
            return location.getContentAsString(StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read signing key from " + location, ex);
        }
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static RSAPrivateCrtKey parsePrivate(String pem, String id) {
        // PKCS#1 too, because that is what Helm's genPrivateKey (and older openssl) writes.
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalStateException("Key '" + id + "' must be PKCS#8 PEM (BEGIN PRIVATE KEY) or PKCS#1 PEM "
                    + "(BEGIN RSA PRIVATE KEY)");
        }
        try {
            byte[] der = pkcs1 ? Pkcs1.toPkcs8(der(pem)) : der(pem);
            var key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (key.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("Key '" + id + "' is shorter than 2048 bits");
            }
            return key;
        }
        catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
            throw new IllegalStateException("Key '" + id + "' is not a readable RSA private key");
        }
    }

    private static RSAPublicKey parsePublic(String pem, String id) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        }
        catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
            throw new IllegalStateException("Key '" + id + "' is not a readable RSA public key");
        }
    }

    private static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
