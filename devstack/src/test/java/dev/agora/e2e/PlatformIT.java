package dev.agora.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.agora.devstack.Platform;
import dev.agora.testsupport.TokenAttacks;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway and user-svc as separate processes on real ports, over real PostgreSQL and Redis,
 * driven through the public API only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {

    private static final TokenForge FORGE = TokenForge.newKey("e2e-key");
    private static final String PASSWORD = "a perfectly fine passphrase";

    private static Platform platform;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        // Traversable, so that PostgreSQL can run unprivileged under it when the build runs as root.
        Path data = Files.createTempDirectory(Path.of(System.getProperty("agora.services.dir"), "devstack", "target"), "e2e-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        platform = new Platform(new Platform.Options(Path.of(System.getProperty("agora.services.dir")),
                System.getProperty("agora.version"), data, false, Map.of(), FORGE.privateKeyPem(),
                Map.of("gateway", Map.of("AGORA_RATELIMIT_REPLENISHRATE", "5", "AGORA_RATELIMIT_BURSTCAPACITY", "20"),
                        "user-svc", Map.of("AGORA_AUTH_ACTIVEKEYID", FORGE.kid(), "AGORA_AUTH_KEYS_0_ID", FORGE.kid()))));
        platform.start();
        api = new Api(platform.gatewayUrl(), ThreadDumps.of(platform));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String email() {
        return "e2e-" + UUID.randomUUID() + "@example.com";
    }

    private static Api.Response signup(String email) {
        var response = api.post("/api/v1/auth/signup", Api.json(Map.of("name", "E2E", "email", email, "password", PASSWORD)), null);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response;
    }

    @Test
    @Order(1)
    void aWholeSessionAndTheRevokedTokenIsRefusedAtTheGatewayWithinOneSecond() {
        String email = email();
        signup(email);
        var login = api.post("/api/v1/auth/login", Api.json(Map.of("email", email, "password", PASSWORD)), null);
        assertThat(login.status()).isEqualTo(200);
        String access = login.json().path("accessToken").asString();
        String refresh = login.json().path("refreshToken").asString();

        var me = api.get("/api/v1/users/me", access);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("email").asString()).isEqualTo(email);

        var rotated = api.post("/api/v1/auth/refresh", Api.json(Map.of("refreshToken", refresh)), null);
        assertThat(rotated.status()).isEqualTo(200);
        String newAccess = rotated.json().path("accessToken").asString();

        assertThat(api.post("/api/v1/auth/logout", "", newAccess).status()).isEqualTo(204);
        long loggedOut = System.nanoTime();
        // /api/v1/orders has no service behind it yet: only the gateway itself can answer 401 there.
        int status = 0;
        while (System.nanoTime() - loggedOut < Duration.ofSeconds(1).toNanos()) {
            status = api.get("/api/v1/orders", newAccess).status();
            if (status == 401) {
                break;
            }
        }
        assertThat(status).as("gateway status for the revoked token within 1 s").isEqualTo(401);
        assertThat(api.get("/api/v1/users/me", newAccess).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", Api.json(Map.of("refreshToken", rotated.json().path("refreshToken").asString())), null)
            .status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void aSpoofedUserIdIsIgnored() {
        var alice = signup(email());
        var bob = signup(email());
        var me = api.get("/api/v1/users/me", alice.json().path("accessToken").asString(),
                "X-User-Id", bob.json().path("user").path("id").asString(), "X-User-Roles", "admin");
        assertThat(me.json().path("id").asString()).isEqualTo(alice.json().path("user").path("id").asString());
        assertThat(api.get("/api/v1/users/" + bob.json().path("user").path("id").asString(),
                alice.json().path("accessToken").asString(), "X-User-Roles", "admin").status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void internalManagementAndKeyEndpointsAreNotReachableThroughTheGateway() {
        String token = signup(email()).json().path("accessToken").asString();
        for (String path : List.of("/internal/oauth/token", "/actuator/env", "/actuator/gateway/routes",
                "/.well-known/jwks.json", "/api/v1/../internal/oauth/token")) {
            var response = api.get(path, token);
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(api.post("/internal/oauth/token", "grant_type=client_credentials", null,
                "Content-Type", "application/x-www-form-urlencoded").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void everyForgedTokenIsRefusedAtTheGateway() {
        var account = signup(email());
        UUID id = UUID.fromString(account.json().path("user").path("id").asString());
        assertThat(api.get("/api/v1/users/me", FORGE.draft(id, "customer").sign()).status()).isEqualTo(200);
        try (TokenAttacks.Lure lure = new TokenAttacks.Lure()) {
            List<String> accepted = new ArrayList<>();
            TokenAttacks.against(FORGE, id, account.json().path("refreshToken").asString(), lure.url())
                .forEach((name, token) -> {
                    int status = api.get("/api/v1/orders", token).status();
                    if (status != 401) {
                        accepted.add(name + " -> " + status);
                    }
                });
            assertThat(accepted).as("attacks not refused by the gateway").isEmpty();
            assertThat(lure.hits()).isZero();
        }
    }

    @Test
    @Order(5)
    void badInputGetsTheSpecifiedProblem() {
        var malformed = api.post("/api/v1/auth/signup", "{\"name\":", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.json().path("requestId").asString()).isNotEmpty();

        var extra = api.post("/api/v1/auth/signup", Api.json(Map.of("name", "M", "email", email(), "password", PASSWORD,
                "roles", List.of("admin"))), null);
        assertThat(extra.status()).isEqualTo(400);

        var wrongType = api.post("/api/v1/auth/signup", "{\"name\": 1, \"email\": \"x@example.com\", \"password\": \"" + PASSWORD + "\"}", null);
        assertThat(wrongType.status()).isEqualTo(400);

        var huge = api.post("/api/v1/auth/signup", "{\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\"}", null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.contentType()).startsWith("application/problem+json");

        var text = api.post("/api/v1/auth/login", "hello", null, "Content-Type", "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.text()).doesNotContain("Exception", "java.");
    }

    @Test
    @Order(6)
    void aBurstOverTheRateLimitGets429WithRetryAfter() throws Exception {
        String token = signup(email()).json().path("accessToken").asString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(pool.submit(() -> api.get("/api/v1/users/me", token)));
        }
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> call : calls) {
            responses.add(call.get());
        }
        pool.shutdown();
        var limited = responses.stream().filter(r -> r.status() == 429).findFirst();
        assertThat(limited).as("a 429 among " + responses.stream().map(Api.Response::status).toList()).isPresent();
        assertThat(limited.get().headers().firstValue("Retry-After")).contains("1");
        assertThat(limited.get().contentType()).startsWith("application/problem+json");
        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 429);
    }

    @Test
    @Order(7)
    void aVerifiedVendorSellsAndAnonymousShoppersFindItThroughTheGateway() {
        var admin = api.post("/api/v1/auth/login", Api.json(Map.of("email", platform.demoAccounts().adminEmail(),
                "password", platform.demoAccounts().adminPassword())), null).json().path("accessToken").asString();
        String email = email();
        String customer = signup(email).json().path("accessToken").asString();

        var application = api.post("/api/v1/vendors", Api.json(Map.of("name", "Lantern Works", "contactEmail",
                "hello@lantern.example", "businessName", "Lantern Works Ltd", "businessType", "company", "taxId", "GB123",
                "address", Map.of("line1", "2 Quay St", "city", "Bristol", "country", "GB"))), customer);
        assertThat(application.status()).as(application.text()).isEqualTo(201);
        String vendorId = application.json().path("id").asString();
        assertThat(api.get("/api/v1/vendors/" + vendorId, null).status()).isEqualTo(404);

        var category = api.post("/api/v1/categories", Api.json(Map.of("name", "Lanterns " + UUID.randomUUID())), admin);
        assertThat(category.status()).as(category.text()).isEqualTo(201);
        var verified = api.post("/api/v1/vendors/" + vendorId + "/verify", "", admin);
        assertThat(verified.status()).as("verify calls user-svc with a service token: " + verified.text()).isEqualTo(200);

        String lantern = Api.json(Map.of("name", "Storm Lantern", "sku", "LANT-" + UUID.randomUUID(), "status", "active",
                "price", Map.of("amount", "34.50", "currency", "GBP"),
                "categoryIds", List.of(category.json().path("id").asString()), "tags", List.of("outdoor")));
        // The role arrives with the next token.
        assertThat(api.post("/api/v1/products", lantern, customer).status()).isEqualTo(403);
        var relogin = api.post("/api/v1/auth/login", Api.json(Map.of("email", email, "password", PASSWORD)), null);
        String vendor = relogin.json().path("accessToken").asString();
        var product = api.post("/api/v1/products", lantern, vendor);
        assertThat(product.status()).as(product.text()).isEqualTo(201);
        // A vendor's product waits for an admin's review before shoppers find it.
        assertThat(product.json().path("moderation").asString()).isEqualTo("pending_review");
        assertThat(api.get("/api/v1/products?q=storm%20lantern&vendor=" + vendorId, null).json().path("totalItems").asInt()).isZero();
        assertThat(api.get("/api/v1/products/" + product.json().path("id").asString(), null).status()).isEqualTo(404);
        var approved = api.post("/api/v1/products/" + product.json().path("id").asString() + "/approve",
                Api.json(Map.of("version", product.json().path("version").asLong())), admin);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);

        var found = api.get("/api/v1/products?q=storm%20lantern&vendor=" + vendorId, null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("items").get(0).path("price").path("amount").asString()).isEqualTo("34.50");
        var publicVendor = api.get("/api/v1/vendors/" + vendorId, null);
        assertThat(publicVendor.status()).isEqualTo(200);
        assertThat(publicVendor.json().has("taxId")).isFalse();

        // Stock: inventory-svc asks product-svc who sells it (service token), then product-svc's inStock
        // filter follows inventory-svc's event over Redis Streams.
        String productId = product.json().path("id").asString();
        String inStock = "/api/v1/products?inStock=true&vendor=" + vendorId;
        assertThat(api.get(inStock, null).json().path("totalItems").asInt()).isZero();
        assertThat(api.put("/api/v1/inventory/" + productId, Api.json(Map.of("onHand", 12)), customer).status()).isEqualTo(403);
        var stocked = api.put("/api/v1/inventory/" + productId, Api.json(Map.of("onHand", 12, "reason", "first delivery")), vendor);
        assertThat(stocked.status()).as(stocked.text()).isEqualTo(200);
        var availability = api.get("/api/v1/inventory/" + productId, null);
        assertThat(availability.status()).isEqualTo(200);
        assertThat(availability.json().path("available").asInt()).isEqualTo(12);
        assertThat(availability.json().has("onHand")).isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (api.get(inStock, null).json().path("totalItems").asInt() == 0 && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(api.get(inStock, null).json().path("items").get(0).path("id").asString()).isEqualTo(productId);
    }

    @Test
    @Order(8)
    void aStoppedUserServiceGivesAFast503AndServiceResumesWhenItIsBack() {
        String token = signup(email()).json().path("accessToken").asString();
        platform.service("user-svc").stop();
        try {
            long start = System.nanoTime();
            var down = api.get("/api/v1/users/me", token);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.contentType()).startsWith("application/problem+json");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        finally {
            platform.service("user-svc").start();
            platform.service("user-svc").awaitReady(Duration.ofMinutes(2));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = api.get("/api/v1/users/me", token).status();
            if (status != 200) {
                sleep(300);
            }
        }
        assertThat(status).isEqualTo(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
