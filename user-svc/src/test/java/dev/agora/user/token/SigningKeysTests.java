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
                Duration.ofDays(7), active, keys, List.of());
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
}
