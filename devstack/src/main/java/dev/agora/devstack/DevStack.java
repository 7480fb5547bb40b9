package dev.agora.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make run}: the whole platform on this machine until Ctrl-C.
 */
public final class DevStack {

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            Bench.main(args);
            return;
        }
        Path root = Path.of(argument(args, "--root", "."));
        String version = argument(args, "--version", "0.1.0-SNAPSHOT");
        Path data = Path.of(System.getenv().getOrDefault("AGORA_DATA_DIR", root.resolve(".agora").toString()));
        long began = System.nanoTime();
        System.out.println("Starting Agora " + version + " (data in " + data.toAbsolutePath() + ") ...");

        Platform platform = new Platform(new Platform.Options(root, version, data, true, System.getenv(), null, Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Agora ...");
            platform.close();
            System.out.println("Stopped. Logs are in " + data.resolve("logs").toAbsolutePath());
            stopped.countDown();
        }, "agora-stop"));
        platform.start();
        Duration total = Duration.ofNanos(System.nanoTime() - began);

        System.out.println();
        System.out.printf("%-18s %-26s %-7s %s%n", "SERVICE", "URL", "READY", "START-UP");
        for (ServiceProcess p : platform.services()) {
            System.out.printf("%-18s %-26s %-7s %5.1f s%n", p.name(), p.url(), p.isRunning() ? "yes" : "NO",
                    p.startup().toMillis() / 1000.0);
        }
        System.out.printf("%nAll ready in %.1f s (including datastores).%n", total.toMillis() / 1000.0);
        System.out.println("PostgreSQL: " + platform.postgresDescription());
        System.out.println("Redis:      " + platform.redisDescription());
        System.out.println("MongoDB:    " + platform.mongoDescription());
        System.out.println("Mail:       " + platform.mailDescription());

        Platform.Credentials accounts = platform.demoAccounts();
        seedCustomer(platform.gatewayUrl(), accounts);
        try {
            int seeded = new DemoCatalog(platform.gatewayUrl()).seed(accounts);
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
        System.out.println("(kept in " + data.resolve("secrets/demo-accounts.properties").toAbsolutePath() + ")");
        System.out.println();
        System.out.println("API: " + platform.gatewayUrl() + "/api/v1/ - logs: " + data.resolve("logs").toAbsolutePath());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
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
