package dev.agora.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Kubernetes API that knows Secrets and has none, so the chart's {@code lookup} sees an empty
 * namespace, as on a first install. helm-java's template lets {@code lookup} call the cluster of
 * {@code $KUBECONFIG} (the CLI's {@code helm template} would not); surefire points that variable at
 * the file {@link #start()} writes.
 */
final class EmptyCluster {

    private static HttpServer server;

    private EmptyCluster() {
    }

    static synchronized void start() {
        if (server != null) {
            return;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null) {
            throw new IllegalStateException("KUBECONFIG is not set; surefire sets it for these tests");
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", EmptyCluster::answer);
            server.start();
            Path file = Path.of(kubeconfig);
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: empty
                        cluster:
                          server: http://127.0.0.1:%d
                    contexts:
                      - name: empty
                        context:
                          cluster: empty
                          user: nobody
                    current-context: empty
                    users:
                      - name: nobody
                        user: {}
                    """.formatted(server.getAddress().getPort()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean discovery = path.equals("/api/v1");
        String body = discovery ? """
                {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
                 {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}"""
                : """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}""";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(discovery ? 200 : 404, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
