package dev.agora.defaults.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.interfaces.RSAPublicKey;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifierTests {

    private static final TokenForge FORGE = TokenForge.newKey("k1");

    private final JwtProperties properties = new JwtProperties(null, "agora", "agora-api", Duration.ofSeconds(30),
            DataSize.ofKilobytes(8), Duration.ofSeconds(30), Duration.ofSeconds(2));
    private final TokenRevocations revocations = new TokenRevocations(null, Duration.ofSeconds(30), Clock.systemUTC());
    private final TokenVerifier verifier = new TokenVerifier(
            kid -> FORGE.kid().equals(kid) ? Mono.just(FORGE.publicKey()) : Mono.empty(), revocations, properties,
            Clock.systemUTC());

    @Test
    void acceptsAValidTokenAndExposesTheCaller() {
        UUID user = UUID.randomUUID();
        UUID vendor = UUID.randomUUID();
        String token = FORGE.draft(user, "vendor", "customer").claim("vendorId", vendor.toString()).sign();
        StepVerifier.create(verifier.verify(token))
            .assertNext(p -> {
                assertThat(p.userId()).isEqualTo(user);
                assertThat(p.roles()).containsExactly("vendor", "customer");
                assertThat(p.vendorId()).isEqualTo(vendor);
                assertThat(p.expiresAt()).isAfter(Instant.now());
                assertThat(p.toString()).doesNotContain(token);
            })
            .expectComplete()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void readsAServiceClientsScopesAndIgnoresOnesAgoraDoesNotKnow() {
        String token = FORGE.draft(UUID.randomUUID(), "service").claim("scope", "payments:charge  orders:read root:everything")
            .sign();
        StepVerifier.create(verifier.verify(token))
            .assertNext(p -> {
                assertThat(p.scopes()).containsExactlyInAnyOrder("payments:charge", "orders:read");
                assertThat(p.hasScope("payments:refund")).isFalse();
            })
            .expectComplete()
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(verifier.verify(FORGE.draft(UUID.randomUUID(), "service").claim("scope", List.of("x")).sign()))
            .expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void aServiceWithoutTheScopeIsForbiddenWhilePeopleAreJudgedByRoleAlone() {
        var service = new AgoraPrincipal(UUID.randomUUID(), java.util.Set.of("service"), null, "j", Instant.now(), "t",
                java.util.Set.of(Scopes.ORDERS_READ), false);
        assertThat(service.requireScopeIfService(Scopes.ORDERS_READ)).isSameAs(service);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.requireScopeIfService(Scopes.PAYMENTS_CHARGE))
            .isInstanceOf(dev.agora.defaults.web.AgoraException.class).hasMessageContaining("403");
        var admin = new AgoraPrincipal(UUID.randomUUID(), java.util.Set.of("admin"), null, "j", Instant.now(), "t", null, false);
        assertThat(admin.requireScopeIfService(Scopes.PAYMENTS_REFUND)).isSameAs(admin);
    }

    @Test
    void anEmailCountsAsVerifiedOnlyWhenTheClaimIsTrue() {
        UUID user = UUID.randomUUID();
        StepVerifier.create(verifier.verify(FORGE.draft(user, "customer").claim("emailVerified", true).sign()))
            .assertNext(p -> assertThat(p.emailVerified()).isTrue())
            .expectComplete().verify(Duration.ofSeconds(5));
        for (Object notVerified : new Object[] { false, "true", null }) {
            StepVerifier.create(verifier.verify(FORGE.draft(user, "customer").claim("emailVerified", notVerified).sign()))
                .assertNext(p -> assertThat(p.emailVerified()).as("claim %s", notVerified).isFalse())
                .expectComplete().verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void theTestForgesScopesAreExactlyTheCatalogue() {
        assertThat(java.util.Set.of(TokenForge.ALL_SCOPES.split(" "))).isEqualTo(Scopes.ALL);
    }

    @Test
    void rejectsARevokedToken() {
        String jti = UUID.randomUUID().toString();
        String token = FORGE.draft(UUID.randomUUID(), "customer").claim("jti", jti).sign();
        revocations.revoke(jti, Instant.now().plusSeconds(600)).block(Duration.ofSeconds(5));
        StepVerifier.create(verifier.verify(token)).expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void rejectsTokensWithinSkewOnlyUpToThirtySeconds() {
        long now = Instant.now().getEpochSecond();
        String justExpired = FORGE.draft(UUID.randomUUID(), "customer").claim("exp", now - 20).sign();
        String longExpired = FORGE.draft(UUID.randomUUID(), "customer").claim("exp", now - 45).sign();
        StepVerifier.create(verifier.verify(justExpired)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(verifier.verify(longExpired)).expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void refusesASkewLargerThanThirtySecondsInConfiguration() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new JwtProperties(null,
                "agora", "agora-api", Duration.ofMinutes(5), DataSize.ofKilobytes(8), Duration.ofSeconds(30),
                Duration.ofSeconds(2)));
    }

    @Test
    void rejectsEveryListedAttack() {
        var lure = "http://127.0.0.1:9/never";
        var attacks = dev.agora.testsupport.TokenAttacks.against(FORGE, UUID.randomUUID(), "rt_x", lure);
        for (var attack : attacks.entrySet()) {
            StepVerifier.create(verifier.verify(attack.getValue()))
                .as(attack.getKey())
                .expectError(InvalidTokenException.class)
                .verify(Duration.ofSeconds(5));
        }
        assertThat(List.copyOf(attacks.keySet())).contains("alg none", "HS256 keyed with the RSA public key", "expired");
    }

    @Test
    void remembersAVerifiedTokenSoItsNextUseSkipsTheFullCheck() {
        String token = FORGE.draft(UUID.randomUUID(), "customer").sign();
        AgoraPrincipal first = verifier.verify(token).block(Duration.ofSeconds(5));
        AgoraPrincipal second = verifier.verify(token).block(Duration.ofSeconds(5));
        assertThat(second).isSameAs(first);
    }

    @Test
    void refusesARememberedTokenOnceRevoked() {
        String jti = UUID.randomUUID().toString();
        String token = FORGE.draft(UUID.randomUUID(), "customer").claim("jti", jti).sign();
        StepVerifier.create(verifier.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        revocations.revoke(jti, Instant.now().plusSeconds(600)).block(Duration.ofSeconds(5));
        StepVerifier.create(verifier.verify(token)).expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void refusesARememberedTokenOnceExpiredBeyondTheSkew() {
        var now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        var timed = new TokenVerifier(kid -> Mono.just(FORGE.publicKey()), revocations, properties, clock);
        long exp = now.get().getEpochSecond() + 60;
        String token = FORGE.draft(UUID.randomUUID(), "customer").claim("exp", exp).sign();
        StepVerifier.create(timed.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        now.set(Instant.ofEpochSecond(exp + 29));
        StepVerifier.create(timed.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        now.set(Instant.ofEpochSecond(exp + 31));
        StepVerifier.create(timed.verify(token)).expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
        assertThat(timed.rememberedCount()).isZero();
    }

    @Test
    void refusesARememberedTokenOnceItsKeyIsGoneOrReplaced() {
        Map<String, RSAPublicKey> published = new ConcurrentHashMap<>(Map.of(FORGE.kid(), FORGE.publicKey()));
        var rotating = new TokenVerifier(kid -> Mono.justOrEmpty(published.get(kid)), revocations, properties,
                Clock.systemUTC());
        String token = FORGE.draft(UUID.randomUUID(), "customer").sign();
        StepVerifier.create(rotating.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        published.put(FORGE.kid(), TokenForge.newKey(FORGE.kid()).publicKey());
        StepVerifier.create(rotating.verify(token))
            .expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature or claims"))
            .verify(Duration.ofSeconds(5));

        published.put(FORGE.kid(), FORGE.publicKey());
        StepVerifier.create(rotating.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        published.clear();
        StepVerifier.create(rotating.verify(token))
            .expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("unknown kid"))
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void remembersOnlyValidTokensAndNoMoreThanItsBound() {
        var bounded = new TokenVerifier(kid -> Mono.just(FORGE.publicKey()), revocations, properties, Clock.systemUTC(), 3);
        String refused = FORGE.draft(UUID.randomUUID(), "customer").claim("aud", "elsewhere").sign();
        StepVerifier.create(bounded.verify(refused)).expectError(InvalidTokenException.class).verify(Duration.ofSeconds(5));
        assertThat(bounded.rememberedCount()).isZero();

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tokens.add(FORGE.draft(UUID.randomUUID(), "customer").sign());
        }
        for (String token : tokens) {
            StepVerifier.create(bounded.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
            assertThat(bounded.rememberedCount()).isBetween(1, 3);
        }
        for (String token : tokens) {
            StepVerifier.create(bounded.verify(token)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        }
    }
}
