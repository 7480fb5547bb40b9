package dev.agora.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make bench}: the platform on this machine with a catalogue of 10,000+ products, load
 * through the gateway on product reads and a search, with the catalogue cache on and then off
 * (product-svc restarted), and checkouts (the whole saga) against a single product read, in one
 * run; prints throughput, p50, p99 and the ratios.
 */
final class Bench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PRODUCTS = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int concurrency;
    private final Duration warmup;
    private final Duration measure;
    private String gateway;

    private Bench(int concurrency, Duration warmup, Duration measure) {
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.measure = measure;
    }

    record Result(String name, double throughput, double p50, double p99, long errors, long requests) {
    }

    static void main(String[] args) throws Exception {
        Path root = Path.of(DevStack.argument(args, "--root", "."));
        String version = DevStack.argument(args, "--version", "0.1.0-SNAPSHOT");
        Bench bench = new Bench(Integer.parseInt(DevStack.argument(args, "--concurrency", "16")),
                Duration.ofSeconds(Long.parseLong(DevStack.argument(args, "--warmup", "5"))),
                Duration.ofSeconds(Long.parseLong(DevStack.argument(args, "--seconds", "15"))));
        Path data = root.resolve(".agora").resolve("bench");
        deleteRecursively(data);
        Map<String, Map<String, String>> environment = new java.util.LinkedHashMap<>();
        for (Platform.Service service : Platform.SERVICES) {
            // Traces sampled as the chart samples them (tracing.samplingProbability), not make run's every request.
            environment.put(service.name(), new java.util.LinkedHashMap<>(Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1")));
        }
        environment.get("gateway").putAll(Map.of("AGORA_RATELIMIT_REPLENISHRATE", "1000000", "AGORA_RATELIMIT_BURSTCAPACITY", "2000000"));
        Platform platform = new Platform(new Platform.Options(root, version, data, false, System.getenv(), null, environment));
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        platform.start();
        bench.gateway = platform.gatewayUrl();
        System.out.println("Seeding " + PRODUCTS + " products ...");
        List<String> ids = bench.seed(platform.demoAccounts());
        System.out.println("Catalogue ready: " + ids.size() + " product ids sampled.");

        List<Result> on = bench.scenarios(ids, "cache on");
        Result checkout = bench.run("POST /orders (pm_card_visa)", bench.checkouts(platform.demoAccounts()), 201);
        ServiceProcess products = platform.service("product-svc");
        products.stop();
        products.environment().put("AGORA_CACHE_ENABLED", "false");
        products.start();
        products.awaitReady(Duration.ofMinutes(2));
        List<Result> off = bench.scenarios(ids, "cache off");
        platform.close();

        System.out.println();
        System.out.printf("Concurrency %d, %d s measured after %d s warm-up, %d products, through the gateway.%n",
                bench.concurrency, bench.measure.toSeconds(), bench.warmup.toSeconds(), PRODUCTS + 54);
        System.out.println("| scenario | requests/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Result r : concat(on, off)) {
            System.out.printf("| %s | %.0f | %.2f | %.2f | %d |%n", r.name(), r.throughput(), r.p50(), r.p99(), r.errors());
        }
        System.out.println();
        System.out.println("| ratio cache on / off | throughput | p50 | p99 |");
        System.out.println("|---|---:|---:|---:|");
        for (int i = 0; i < on.size(); i++) {
            Result a = on.get(i);
            Result b = off.get(i);
            System.out.printf("| %s | %.2fx | %.2fx | %.2fx |%n", a.name().replace(" (cache on)", ""), a.throughput() / b.throughput(),
                    a.p50() / b.p50(), a.p99() / b.p99());
        }
        Result read = on.get(0);
        System.out.println();
        System.out.println("| checkout | orders/s | p50 ms | p99 ms | errors | p50 / product read p50 | p99 / product read p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %s | %.1f | %.2f | %.2f | %d | %.1fx | %.1fx |%n", checkout.name(), checkout.throughput(),
                checkout.p50(), checkout.p99(), checkout.errors(), checkout.p50() / read.p50(), checkout.p99() / read.p99());
        System.exit(0);
    }

    private List<Result> scenarios(List<String> ids, String mode) throws InterruptedException {
        String[] queries = { "walnut", "oak chair", "brass lamp", "bench item", "ceramic" };
        List<Result> results = new ArrayList<>();
        results.add(run("GET /products/{id} (" + mode + ")",
                () -> "/api/v1/products/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))));
        results.add(run("search q=… (" + mode + ")",
                () -> "/api/v1/products?q=" + queries[ThreadLocalRandom.current().nextInt(queries.length)].replace(" ", "%20")
                        + "&sort=relevance&size=20"));
        return results;
    }

    private Result run(String name, Supplier<String> paths) throws InterruptedException {
        return run(name, () -> HttpRequest.newBuilder(URI.create(gateway + paths.get())).timeout(Duration.ofSeconds(10)).build(),
                200);
    }

    private Result run(String name, Supplier<HttpRequest> requests, int expected) throws InterruptedException {
        load(requests, expected, warmup, null);
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        long sent = load(requests, expected, measure, new LoadSink(samples, errors));
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        Result r = new Result(name, sent / seconds, percentile(all, 0.50), percentile(all, 0.99), errors.get(), sent);
        System.out.printf("%-34s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", name, r.throughput(), r.p50(), r.p99(),
                r.errors());
        return r;
    }

    private record LoadSink(List<long[]> samples, AtomicLong errors) {
    }

    /** Runs {@code concurrency} loops for {@code duration}; each records latencies in its own array. */
    private long load(Supplier<HttpRequest> requests, int expected, Duration duration, LoadSink sink)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong count = new AtomicLong();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                long[] latencies = new long[2_000_000 / concurrency];
                if (sink != null) {
                    synchronized (sink.samples()) {
                        sink.samples().add(latencies);
                    }
                }
                workers.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<Void> response = http.send(requests.get(), HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != expected && sink != null) {
                                sink.errors().incrementAndGet();
                            }
                        }
                        catch (IOException ex) {
                            if (sink != null) {
                                sink.errors().incrementAndGet();
                            }
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        if (i < latencies.length) {
                            latencies[i++] = System.nanoTime() - start;
                        }
                        count.incrementAndGet();
                    }
                });
            }
        }
        return count.get();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /**
     * Checkouts of one unit of a product with ample stock, by one signed-up customer, each with a
     * fresh idempotency key: the whole saga (prices, reservation, charge, commit) through the gateway.
     */
    private Supplier<HttpRequest> checkouts(Platform.Credentials accounts) throws IOException, InterruptedException {
        String admin = call("POST", "/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", accounts.adminEmail(),
                "password", accounts.adminPassword())), null, "application/json").path("accessToken").asString();
        String password = "bench passphrase " + UUID.randomUUID();
        String vendorEmail = "bench-vendor-" + UUID.randomUUID() + "@example.com";
        String owner = call("POST", "/api/v1/auth/signup", JSON.writeValueAsString(Map.of("name", "Bench Vendor", "email",
                vendorEmail, "password", password)), null, "application/json").path("accessToken").asString();
        String vendorId = call("POST", "/api/v1/vendors", JSON.writeValueAsString(Map.of("name", "Bench Vendor " + UUID.randomUUID(),
                "contactEmail", vendorEmail, "businessName", "Bench Ltd", "businessType", "company", "taxId", "BENCH",
                "address", Map.of("line1", "1 Load St", "city", "Leeds", "country", "GB"))), owner, "application/json")
            .path("id").asString();
        call("POST", "/api/v1/vendors/" + vendorId + "/verify", "", admin, "application/json");
        String vendor = call("POST", "/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", vendorEmail, "password",
                password)), null, "application/json").path("accessToken").asString();
        String category = call("POST", "/api/v1/categories", JSON.writeValueAsString(Map.of("name", "Checkout bench "
                + UUID.randomUUID())), admin, "application/json").path("id").asString();
        String product = call("POST", "/api/v1/products", JSON.writeValueAsString(Map.of("name", "Bench Widget", "sku",
                "BENCH-CHECKOUT-" + UUID.randomUUID(), "status", "active", "price", Map.of("amount", "9.99", "currency", "USD"),
                "categoryIds", List.of(category))), vendor, "application/json").path("id").asString();
        call("PUT", "/api/v1/inventory/" + product, JSON.writeValueAsString(Map.of("onHand", 1_000_000, "reason", "bench")),
                vendor, "application/json");
        String customer = call("POST", "/api/v1/auth/signup", JSON.writeValueAsString(Map.of("name", "Bench Buyer", "email",
                "bench-buyer-" + UUID.randomUUID() + "@example.com", "password", password)), null, "application/json")
            .path("accessToken").asString();
        String body = JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)),
                "shippingAddress", Map.of("name", "Bench Buyer", "line1", "1 Load St", "city", "Leeds", "postalCode", "LS1 1AA",
                        "country", "GB"), "paymentMethod", "pm_card_visa"));
        return () -> HttpRequest.newBuilder(URI.create(gateway + "/api/v1/orders"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + customer)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    /** The demo catalogue plus {@value #PRODUCTS} imported products; returns a sample of public ids. */
    private List<String> seed(Platform.Credentials accounts) throws IOException, InterruptedException {
        new DemoCatalog(gateway, "http://localhost:3000").seed(accounts);
        String admin = call("POST", "/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", accounts.adminEmail(),
                "password", accounts.adminPassword())), null, "application/json").path("accessToken").asString();
        call("POST", "/api/v1/categories", JSON.writeValueAsString(Map.of("name", "Bench")), admin, "application/json");
        String vendor = call("GET", "/api/v1/vendors?size=1", null, null, null).path("items").get(0).path("id").asString();
        StringBuilder csv = new StringBuilder("sku,name,price,currency,categories,tags,description,status\n");
        String[] words = { "Walnut", "Oak", "Brass", "Linen", "Ceramic", "Steel", "Bamboo", "Copper", "Marble", "Glass" };
        String[] kinds = { "Chair", "Lamp", "Table", "Vase", "Shelf", "Bench Item", "Mirror", "Rug" };
        for (int i = 0; i < PRODUCTS; i++) {
            String name = words[i % words.length] + " " + kinds[(i / words.length) % kinds.length] + " " + i;
            csv.append("BENCH-").append(i).append(',').append(name).append(',').append(5 + i % 500).append(".00,USD,bench,")
                .append(words[i % words.length].toLowerCase()).append(",Seeded for benchmarks,active\n");
        }
        String boundary = "agora-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"vendorId\"\r\n\r\n" + vendor + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + csv + "\r\n--" + boundary + "--\r\n";
        String job = call("POST", "/api/v1/products/imports", body, admin, "multipart/form-data; boundary=" + boundary)
            .path("id").asString();
        while (true) {
            JsonNode status = call("GET", "/api/v1/products/imports/" + job, null, admin, null);
            if (!status.path("status").asString().matches("queued|running")) {
                System.out.println("Import " + status.path("status").asString() + ": " + status.path("succeeded").asLong() + " products");
                break;
            }
            Thread.sleep(1000);
        }
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
            for (JsonNode item : call("GET", "/api/v1/products?category=bench&size=100&page=" + page, null, null, null).path("items")) {
                ids.add(item.path("id").asString());
            }
        }
        return ids;
    }

    private JsonNode call(String method, String path, String body, String token, String contentType)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
