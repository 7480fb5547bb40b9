package dev.agora.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make run}: the whole platform on this machine until Ctrl-C.
 */
public final class DevStack {

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("profile-start")) {
            StartProfiler.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("profile")) {
            Profiler.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            Bench.main(args);
            return;
        }
        if (args.length > 2 && args[0].equals("contract") && args[1].equals("--from")) {
            printContractFrom(Path.of(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("contract")) {
            writeContract(Path.of(argument(args, "--root", ".")), argument(args, "--version", "0.1.0-SNAPSHOT"));
            return;
        }
        Path root = Path.of(argument(args, "--root", "."));
        String version = argument(args, "--version", "0.1.0-SNAPSHOT");
        Path data = Path.of(System.getenv().getOrDefault("AGORA_DATA_DIR", root.resolve(".agora").toString()));
        long began = System.nanoTime();
        var busy = portInUse(System.getenv());
        if (busy.isPresent()) {
            System.out.println(busy.get());
            System.exit(1);
        }
        System.out.println("Starting Agora " + version + " (data in " + data.toAbsolutePath() + ") ...");

        // Links in emails (password reset) lead to the web app served below.
        String webUrl = System.getenv().getOrDefault("AGORA_NOTIFICATIONS_WEBURL", "http://localhost:" + webPort());
        Platform platform = new Platform(new Platform.Options(root, version, data, true, System.getenv(), null,
                Map.of("notification-svc", Map.of("AGORA_NOTIFICATIONS_WEBURL", webUrl))));
        StartUpCache startUpCache = new StartUpCache(root, version);
        platform.startUpCache(startUpCache);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Agora ...");
            startUpCache.close();
            platform.close();
            System.out.println("Stopped. Logs are in " + data.resolve("logs").toAbsolutePath());
            stopped.countDown();
        }, "agora-stop"));
        try {
            platform.start();
        }
        catch (RuntimeException ex) {
            // Expected failures (a service that does not come up, a datastore that will not start) get
            // one line and the logs, not a stack trace.
            System.out.println("Agora did not start: " + ex.getMessage());
            System.out.println("Logs: " + data.resolve("logs").toAbsolutePath());
            System.exit(1);
        }
        platform.notes().forEach(System.out::println);
        WebServer web = startWebApp(root, platform.gatewayUrl());
        Duration total = Duration.ofNanos(System.nanoTime() - began);

        System.out.println();
        System.out.printf("%-18s %-26s %-7s %s%n", "SERVICE", "URL", "READY", "START-UP");
        for (ServiceProcess p : platform.services()) {
            System.out.printf("%-18s %-26s %-7s %5.1f s%n", p.name(), p.url(), p.isRunning() ? "yes" : "NO",
                    p.startup().toMillis() / 1000.0);
        }
        if (web != null) {
            System.out.printf("%-18s %-26s %-7s%n", "web app", web.url().replace("127.0.0.1", "localhost"), "yes");
        }
        System.out.printf("%nAll ready in %.1f s (including datastores).%n", total.toMillis() / 1000.0);
        List<String> untrained = platform.cachedProcesses().stream().map(ServiceProcess::name).filter(startUpCache::missing).toList();
        if (!untrained.isEmpty()) {
            System.out.println("Start-up cache: training " + untrained.size() + " JDK AOT caches (" + String.join(", ", untrained)
                    + ") in the background, for a faster next start (a few minutes, at low priority).");
            startUpCache.trainMissing(platform.cachedProcesses());
        }
        System.out.println("PostgreSQL: " + platform.postgresDescription());
        System.out.println("Redis:      " + platform.redisDescription());
        System.out.println("MongoDB:    " + platform.mongoDescription());
        System.out.println("Mail:       " + platform.mailDescription());
        System.out.println("Traces:     " + platform.traceViewerUrl().map(url -> "Zipkin at " + url.replace("127.0.0.1", "localhost")
                + " (in memory; every request, event and email of a checkout in one trace)")
            .orElse("no viewer (AGORA_TRACE_VIEWER=none, or an OTLP endpoint of your own)"));

        Platform.Credentials accounts = platform.demoAccounts();
        seedCustomer(platform.gatewayUrl(), accounts);
        try {
            int seeded = new DemoCatalog(platform.gatewayUrl(),
                    "http://localhost:" + System.getenv().getOrDefault("AGORA_WEB_PORT", "3000")).seed(accounts);
            if (seeded > 0) {
                System.out.println("Seeded the demo catalogue: " + seeded + " products from two verified vendors.");
            }
        }
        catch (IOException ex) {
            System.out.println("Could not seed the demo catalogue: " + ex.getMessage());
        }
        System.out.println();
        System.out.println("Demo admin:    " + accounts.adminEmail() + " / " + accounts.adminPassword());
        System.out.println("Demo customer: " + accounts.customerEmail() + " / " + accounts.customerPassword());
        System.out.println("Demo vendor:   " + accounts.vendorEmail() + " / " + accounts.vendorPassword() + " (owns "
                + DemoAccounts.VENDOR_SHOP + ")");
        System.out.println("(kept in " + data.resolve("secrets/demo-accounts.properties").toAbsolutePath() + ")");
        System.out.println();
        if (web != null) {
            System.out.println("Shop, sell and administer in a browser: " + web.url().replace("127.0.0.1", "localhost"));
        }
        System.out.println("API: " + platform.gatewayUrl() + "/api/v1/ - logs: " + data.resolve("logs").toAbsolutePath());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /**
     * The gateway's and the web app's ports must stay where people expect them; when one is taken,
     * the one line that says so, by whom, and which variable moves it.
     */
    static java.util.Optional<String> portInUse(Map<String, String> environment) {
        Map<String, Integer> fixed = new LinkedHashMap<>();
        fixed.put("AGORA_GATEWAY_PORT", Platform.gatewayPort(environment));
        fixed.put("AGORA_WEB_PORT", Integer.parseInt(environment.getOrDefault("AGORA_WEB_PORT", "3000")));
        for (var entry : fixed.entrySet()) {
            int port = entry.getValue();
            if (!LocalPorts.isFree(port)) {
                String what = entry.getKey().equals("AGORA_GATEWAY_PORT") ? "the gateway" : "the web app";
                return java.util.Optional.of("Port " + port + " (" + what + ") is in use"
                        + LocalPorts.holder(port).map(h -> " by " + h).orElse("") + ": stop it, or start with "
                        + entry.getKey() + "=<another port> make run");
            }
        }
        return java.util.Optional.empty();
    }

    /** The built web app on port 3000 (AGORA_WEB_PORT), or null with the reason when it cannot run. */
    private static WebServer startWebApp(Path root, String gateway) {
        Path dist = root.resolve("frontend/dist");
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            System.out.println("The web app is not built (no frontend/dist): `make run` builds it with Node.js >= 20.");
            return null;
        }
        int port = webPort();
        try {
            return new WebServer(dist, gateway, port).start();
        }
        catch (IOException ex) {
            System.out.println("Could not serve the web app on port " + port + ": " + ex.getMessage());
            return null;
        }
    }

    private static int webPort() {
        return Integer.parseInt(System.getenv().getOrDefault("AGORA_WEB_PORT", "3000"));
    }

    /** {@code make contract}: a throw-away platform on free ports, its merged documents written to frontend-contract/. */
    private static void writeContract(Path root, String version) throws Exception {
        // Traversable, so that PostgreSQL can run unprivileged under it when this runs as root.
        Path data = Files.createTempDirectory(root.resolve("devstack/target"), "contract-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (Platform platform = new Platform(new Platform.Options(root, version, data, false, Map.of(), null, Map.of()))) {
            platform.start();
            Path file = root.resolve("frontend-contract/openapi.yaml");
            Files.writeString(file, Contract.yaml(Contract.merge(Contract.fetch(platform))));
            System.out.println("Wrote " + file.toAbsolutePath());
        }
    }

    /** Merges saved documents ({@code <service>.json} in a directory): to work on the merge without starting anything. */
    private static void printContractFrom(Path directory) throws IOException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (Platform.Service service : Platform.SERVICES) {
            Path file = directory.resolve(service.name() + ".json");
            if (Files.exists(file)) {
                documents.put(service.name(), JsonMapper.builder().build().readTree(file.toFile()));
            }
        }
        System.out.print(Contract.yaml(Contract.merge(documents)));
    }

    /** Signs the demo customer up through the gateway, as a client would; an existing account is fine. */
    private static void seedCustomer(String gateway, Platform.Credentials accounts) throws IOException, InterruptedException {
        String body = JsonMapper.builder().build().writeValueAsString(Map.of("name", "Demo Customer", "email",
                accounts.customerEmail(), "password", accounts.customerPassword()));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
            .newBuilder(URI.create(gateway + "/api/v1/auth/signup"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            System.out.println("Could not create the demo customer: " + response.statusCode() + " " + response.body());
        }
    }

    static String argument(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
