package dev.agora.user.token;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import dev.agora.defaults.security.JwkSets;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeysTests {

    private static final TokenForge PREVIOUS = TokenForge.newKey("2026-01");
    private static final TokenForge CURRENT = TokenForge.newKey("2026-07");

    private static TokenProperties properties(String active, List<TokenProperties.Key> keys) {
        return new TokenProperties("agora", "agora-api", Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofDays(30),
                Duration.ofDays(7), active, keys, List.of(), java.util.Map.of());
    }

    private static String publicPem(TokenForge forge) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(forge.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void publishesEveryKeyAndSignsWithTheConfiguredOne() {
        SigningKeys keys = new SigningKeys(properties("2026-07", List.of(
                new TokenProperties.Key("2026-01", null, null, publicPem(PREVIOUS), null),
                new TokenProperties.Key("2026-07", CURRENT.privateKeyPem(), null, null, null))));
        assertThat(keys.activeId()).isEqualTo("2026-07");
        assertThat(JwkSets.parse(keys.jwksJson())).containsOnlyKeys("2026-01", "2026-07");
        StepVerifier.create(keys.find("2026-01")).expectNext(PREVIOUS.publicKey()).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void refusesAnActiveKeyWithoutItsPrivatePart() {
        assertThatIllegalStateException().isThrownBy(() -> new SigningKeys(properties("2026-01", List.of(
                new TokenProperties.Key("2026-01", null, null, publicPem(PREVIOUS), null),
                new TokenProperties.Key("2026-07", CURRENT.privateKeyPem(), null, null, null)))))
            .withMessageContaining("has no private key");
    }

    @Test
    void generatesAThrowAwayKeyOnlyWhenNoneIsConfigured() {
        SigningKeys keys = new SigningKeys(properties(null, List.of()));
        assertThat(keys.activeId()).startsWith("dev-");
        assertThat(JwkSets.parse(keys.jwksJson())).containsOnlyKeys(keys.activeId());
    }

    @Test
    void readsAPkcs1KeyAsHelmGeneratesIt() {
        byte[] pkcs8 = java.util.Base64.getMimeDecoder()
            .decode(CURRENT.privateKeyPem().replaceAll("-----[A-Z ]+-----", ""));
        // PKCS#8 of an RSA key >= 2048 bits: 26 header bytes, then the PKCS#1 structure as an OCTET STRING.
        assertThat(pkcs8[22]).isEqualTo((byte) 0x04);
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        SigningKeys keys = new SigningKeys(properties("k1", List.of(new TokenProperties.Key("k1", pem, null, null, null))));
        StepVerifier.create(keys.find("k1")).expectNext(CURRENT.publicKey()).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void refusesAKeyInAnotherFormat() {
        assertThatIllegalStateException().isThrownBy(() -> new SigningKeys(properties("k1", List.of(
                new TokenProperties.Key("k1", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----", null, null, null)))))
            .withMessageContaining("must be PKCS#8 PEM");
    }
}
