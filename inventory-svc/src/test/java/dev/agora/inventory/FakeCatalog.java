package dev.agora.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for product-svc's {@code /internal/products/{id}}: the products the test registered,
 * 404 for others, 401 without a bearer token.
 */
final class FakeCatalog implements AutoCloseable {

    private final HttpServer server;
    private final Map<UUID, UUID> vendorByProduct = new ConcurrentHashMap<>();

    FakeCatalog() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/internal/products/", this::product);
        server.start();
    }

    /** Registers a product sold by {@code vendor}; returns its id. */
    UUID product(UUID vendor) {
        UUID id = UUID.randomUUID();
        vendorByProduct.put(id, vendor);
        return id;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void product(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            respond(exchange, 401, "{}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
        UUID vendor = vendorByProduct.get(id);
        if (vendor == null) {
            respond(exchange, 404, "{}");
            return;
        }
        respond(exchange, 200, "{\"id\":\"" + id + "\",\"vendorId\":\"" + vendor + "\",\"status\":\"active\","
                + "\"name\":\"Thing\",\"sku\":\"SKU-" + id + "\",\"price\":{\"amount\":\"9.99\",\"currency\":\"USD\"},"
                + "\"purchasable\":true}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
