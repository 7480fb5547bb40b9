package dev.agora.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds a demo catalogue through the public API, as a client would: a three-level category tree,
 * two verified vendors (the first owned by the demo vendor account) and 54 products with images and
 * tags. Runs only on an empty catalogue.
 */
final class DemoCatalog {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[][] TREE = {
        { "Home", "Lighting", "Desk Lamps" }, { "Home", "Lighting", "Floor Lamps" }, { "Home", "Furniture", "Chairs" },
        { "Home", "Furniture", "Tables" }, { "Kitchen", "Cookware", "Pans" }, { "Outdoor", "Garden", "Planters" } };
    private static final String[] MATERIALS = { "Oak", "Walnut", "Brass", "Linen", "Ceramic", "Steel", "Bamboo", "Copper", "Marble" };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String images;

    /**
     * @param gateway where to call the API
     * @param images base URL of the demo pictures (the web app serves them under /demo/); the catalogue
     *        never points at third-party hosts, which an offline machine cannot reach
     */
    DemoCatalog(String gateway, String images) {
        this.gateway = gateway;
        this.images = images;
    }

    /** Seeds unless products exist; returns how many it created. */
    int seed(Platform.Credentials accounts) throws IOException, InterruptedException {
        if (call("GET", "/api/v1/products?size=1", null, null).path("totalItems").asLong() > 0) {
            return 0;
        }
        String admin = call("POST", "/api/v1/auth/login", Map.of("email", accounts.adminEmail(), "password",
                accounts.adminPassword()), null).path("accessToken").asString();

        Map<String, String> ids = new LinkedHashMap<>();
        List<String> leaves = new ArrayList<>();
        for (String[] path : TREE) {
            String parent = null;
            for (int depth = 0; depth < path.length; depth++) {
                String key = String.join("/", List.of(path).subList(0, depth + 1));
                if (!ids.containsKey(key)) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", path[depth]);
                    body.put("sortOrder", ids.size());
                    if (parent != null) {
                        body.put("parentId", parent);
                    }
                    ids.put(key, call("POST", "/api/v1/categories", body, admin).path("id").asString());
                }
                parent = ids.get(key);
            }
            leaves.add(parent);
        }

        List<String> vendorTokens = new ArrayList<>();
        for (String vendor : List.of(DemoAccounts.VENDOR_SHOP, "Harbor & Hearth")) {
            String slug = DemoAccounts.slug(vendor);
            boolean demoVendor = vendor.equals(DemoAccounts.VENDOR_SHOP);
            String email = demoVendor ? accounts.vendorEmail() : DemoAccounts.ownerEmail(vendor);
            String password = demoVendor ? accounts.vendorPassword() : accounts.customerPassword() + "-" + slug;
            call("POST", "/api/v1/auth/signup", Map.of("name", vendor + " Owner", "email", email, "password", password), null);
            String customer = call("POST", "/api/v1/auth/login", Map.of("email", email, "password", password), null)
                .path("accessToken").asString();
            if (demoVendor) {
                // Whoever logs in as the demo vendor also shops; its mailbox is not real, so the admin vouches for it.
                confirmEmail(customer, admin);
            }
            String vendorId = call("POST", "/api/v1/vendors", Map.of("name", vendor, "contactEmail", email,
                    "businessName", vendor + " Ltd", "businessType", "company", "taxId", "DEMO-" + slug.toUpperCase(),
                    "address", Map.of("line1", "1 Demo Street", "city", "Springfield", "country", "US")), customer)
                .path("id").asString();
            call("POST", "/api/v1/vendors/" + vendorId + "/verify", Map.of(), admin);
            vendorTokens.add(call("POST", "/api/v1/auth/login", Map.of("email", email, "password", password), null)
                .path("accessToken").asString());
        }

        int created = 0;
        List<String> productIds = new ArrayList<>();
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            String kind = TREE[leaf][2].replaceAll("s$", "");
            for (int m = 0; m < MATERIALS.length; m++) {
                String name = MATERIALS[m] + " " + kind;
                String sku = "DEMO-" + (leaf + 1) + "-" + (m + 1);
                int cents = 1900 + leaf * 2500 + m * 700;
                String vendorToken = vendorTokens.get((leaf + m) % 2);
                String productId = call("POST", "/api/v1/products", Map.of("name", name, "sku", sku, "status", "active",
                        "description", "A " + MATERIALS[m].toLowerCase() + " " + kind.toLowerCase() + " from the demo catalogue.",
                        "price", Map.of("amount", cents / 100 + "." + String.format("%02d", cents % 100), "currency", "USD"),
                        "categoryIds", List.of(leaves.get(leaf)),
                        "tags", List.of(MATERIALS[m].toLowerCase(), kind.toLowerCase().replace(' ', '-'), "demo"),
                        "images", List.of(Map.of("url", images + "/demo/" + kind.toLowerCase().replace(' ', '-') + ".svg",
                                "altText", name))), vendorToken).path("id").asString();
                // A vendor's product waits for review: the demo's admin approves it as created.
                call("POST", "/api/v1/products/" + productId + "/approve", Map.of("version", 0), admin);
                // Some stock, so that checkout works out of the box; a few are nearly sold out.
                call("PUT", "/api/v1/inventory/" + productId, Map.of("onHand", m == 0 ? 3 : 25, "reason", "demo stock"),
                        vendorToken);
                productIds.add(productId);
                created++;
            }
        }
        seedReviews(productIds, accounts, admin);
        seedAnalytics(productIds);
        return created;
    }

    private static final String[][] REVIEWS = {
        { "5", "Better than expected", "Solid build and it arrived well packed." },
        { "4", "Good value", "Does the job; the finish is a little rougher than the photos." },
        { "3", "It is fine", "Nothing wrong with it, nothing special either." },
        { "5", "Love it", "Second one I have bought. Still great." },
        { "2", "Not for me", "Smaller than I thought; check the measurements." } };

    /**
     * Reviews through the API: three reviewers on a spread of products, and the demo customer, who
     * first buys two products (a real checkout with the simulated card) so that their reviews are
     * verified purchases.
     */
    private void seedReviews(List<String> productIds, Platform.Credentials accounts, String admin)
            throws IOException, InterruptedException {
        for (int r = 0; r < 3; r++) {
            String email = "reviewer" + (r + 1) + "@agora.demo";
            String password = accounts.customerPassword() + "-reviewer" + r;
            call("POST", "/api/v1/auth/signup", Map.of("name", new String[] { "Ada", "Grace", "Linus" }[r] + " (demo)",
                    "email", email, "password", password), null);
            String token = call("POST", "/api/v1/auth/login", Map.of("email", email, "password", password), null)
                .path("accessToken").asString();
            for (int p = r; p < productIds.size(); p += 3) {
                String[] review = REVIEWS[(p + r) % REVIEWS.length];
                call("POST", "/api/v1/reviews", Map.of("productId", productIds.get(p), "rating", Integer.parseInt(review[0]),
                        "title", review[1], "body", review[2]), token);
            }
        }
        // make run signed the demo customer up already; the benchmark did not (409 here is fine).
        call("POST", "/api/v1/auth/signup", Map.of("name", "Demo Customer", "email", accounts.customerEmail(), "password",
                accounts.customerPassword()), null);
        Map<String, String> credentials = Map.of("email", accounts.customerEmail(), "password", accounts.customerPassword());
        String unverified = call("POST", "/api/v1/auth/login", credentials, null).path("accessToken").asString();
        // Checkout needs a confirmed address; the demo account's mailbox is not real, so the admin vouches for it.
        confirmEmail(unverified, admin);
        String customer = call("POST", "/api/v1/auth/login", credentials, null).path("accessToken").asString();
        for (String productId : productIds.subList(1, 3)) {
            var order = Map.of("items", List.of(Map.of("productId", productId, "quantity", 1)), "shippingAddress",
                    Map.of("name", "Demo Customer", "line1", "1 Demo Street", "city", "Springfield", "postalCode", "12345",
                            "country", "US"), "paymentMethod", "pm_card_visa");
            call("POST", "/api/v1/orders", order, customer, "Idempotency-Key", "demo-order-" + productId);
            call("POST", "/api/v1/reviews", Map.of("productId", productId, "rating", 5, "title", "Bought it, love it",
                    "body", "Exactly as described."), customer);
        }
    }

    private void confirmEmail(String token, String admin) throws IOException, InterruptedException {
        String userId = call("GET", "/api/v1/users/me", null, token).path("id").asString();
        call("PUT", "/api/v1/users/" + userId + "/email-verified", null, admin);
    }

    /**
     * Three days of storefront traffic through the public events API, so the admin dashboard has a
     * funnel to show: 40 sessions a day, each viewing a product; fewer add to cart, check out, order.
     */
    private void seedAnalytics(List<String> productIds) throws IOException, InterruptedException {
        java.util.Random random = new java.util.Random(42);
        java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        for (int day = 3; day >= 1; day--) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int s = 0; s < 40; s++) {
                String session = "demo-" + day + "-" + s;
                String product = productIds.get(random.nextInt(productIds.size()));
                java.time.Instant at = today.minus(java.time.Duration.ofDays(day)).plusSeconds(8 * 3600 + random.nextInt(12 * 3600));
                List<String> steps = new ArrayList<>(List.of("page_view", "product_view"));
                double roll = random.nextDouble();
                if (roll < 0.5) {
                    steps.add("add_to_cart");
                }
                if (roll < 0.3) {
                    steps.add("checkout_started");
                }
                if (roll < 0.2) {
                    steps.add("order_placed");
                }
                for (int i = 0; i < steps.size(); i++) {
                    batch.add(Map.of("type", steps.get(i), "sessionId", session, "occurredAt", at.plusSeconds(i * 45L).toString(),
                            "properties", Map.of("productId", product)));
                }
            }
            for (int from = 0; from < batch.size(); from += 100) {
                call("POST", "/api/v1/analytics/events", Map.of("events", batch.subList(from, Math.min(batch.size(), from + 100))),
                        null);
            }
        }
    }

    private JsonNode call(String method, String path, Object body, String token) throws IOException, InterruptedException {
        return call(method, path, body, token, null, null);
    }

    private JsonNode call(String method, String path, Object body, String token, String header, String value)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (header != null) {
            builder.header(header, value);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(response.statusCode() == 409 && path.equals("/api/v1/auth/signup"))) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
