package dev.agora.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test data through the public API: a verified vendor with products in stock, and customers. Tokens
 * of users who need no account (customers, admins) are minted with the platform's signing key.
 */
final class Shop {

    private static final String PASSWORD = "a perfectly fine passphrase";

    private final Api api;
    private final TokenForge forge;
    private final String admin;
    final String vendorId;
    final String vendor;
    private final String category;

    Shop(Api api, TokenForge forge) {
        this.api = api;
        this.forge = forge;
        this.admin = forge.draft(UUID.randomUUID(), "admin").sign();
        String email = "vendor-" + UUID.randomUUID() + "@example.com";
        var signup = api.post("/api/v1/auth/signup", Api.json(Map.of("name", "Vendor", "email", email, "password", PASSWORD)), null);
        assertThat(signup.status()).as(signup.text()).isEqualTo(201);
        var application = api.post("/api/v1/vendors", Api.json(Map.of("name", "Shop " + UUID.randomUUID(), "contactEmail",
                email, "businessName", "Shop Ltd", "businessType", "company", "taxId", "GB1",
                "address", Map.of("line1", "1 High St", "city", "Leeds", "country", "GB"))),
                signup.json().path("accessToken").asString());
        assertThat(application.status()).as(application.text()).isEqualTo(201);
        vendorId = application.json().path("id").asString();
        var verified = api.post("/api/v1/vendors/" + vendorId + "/verify", "", admin);
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        var created = api.post("/api/v1/categories", Api.json(Map.of("name", "Things " + UUID.randomUUID())), admin);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        category = created.json().path("id").asString();
        vendor = api.post("/api/v1/auth/login", Api.json(Map.of("email", email, "password", PASSWORD)), null)
            .json().path("accessToken").asString();
    }

    String admin() {
        return admin;
    }

    String customer() {
        return customer(UUID.randomUUID());
    }

    String customer(UUID id) {
        return forge.draft(id, "customer").sign();
    }

    /** An active product at {@code price} with {@code stock} units; returns its id. */
    String product(String price, String currency, int stock) {
        var product = api.post("/api/v1/products", Api.json(Map.of("name", "Thing " + UUID.randomUUID(), "sku",
                "SKU-" + UUID.randomUUID(), "status", "active", "price", Map.of("amount", price, "currency", currency),
                "categoryIds", List.of(category))), vendor);
        assertThat(product.status()).as(product.text()).isEqualTo(201);
        String id = product.json().path("id").asString();
        // A vendor's product waits for review: the admin approves it as created.
        var approved = api.post("/api/v1/products/" + id + "/approve", Api.json(Map.of("version", product.json().path("version").asLong())),
                admin);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        var stocked = api.put("/api/v1/inventory/" + id, Api.json(Map.of("onHand", stock, "reason", "test stock")), vendor);
        assertThat(stocked.status()).as(stocked.text()).isEqualTo(200);
        return id;
    }

    /** Available and reserved units, as an admin sees them. */
    int[] stock(String productId) {
        var stock = api.get("/api/v1/inventory/" + productId, admin);
        assertThat(stock.status()).as(stock.text()).isEqualTo(200);
        return new int[] { stock.json().path("available").asInt(), stock.json().path("reserved").asInt() };
    }

    static Map<String, Object> address() {
        return Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London", "postalCode", "SW1Y 4JH",
                "country", "GB");
    }

    static String order(String productId, int quantity, String paymentMethod) {
        return Api.json(Map.of("items", List.of(Map.of("productId", productId, "quantity", quantity)), "shippingAddress",
                address(), "paymentMethod", paymentMethod));
    }

    Api.Response checkout(String token, String key, String body) {
        return api.post("/api/v1/orders", body, token, "Idempotency-Key", key, "Content-Type", "application/json");
    }
}
