package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adobe's S3Mock, a real S3 protocol peer (DESIGN.md), run from its exec jar as a process of its
 * own: it is a Spring Boot application of another Spring generation, so it cannot share the
 * tests' class path. The jar's path comes from the system property {@code agora.s3mock.jar}
 * (Maven copies it into target/). One per JVM, stopped when the JVM ends.
 */
public final class S3MockServer {

    private static final Logger log = LoggerFactory.getLogger(S3MockServer.class);
    private static S3MockServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path root;

    private S3MockServer(Process process, URI endpoint, Path root) {
        this.process = process;
        this.endpoint = endpoint;
        this.root = root;
    }

    /** The running server, started with {@code buckets} on first use. */
    public static synchronized S3MockServer shared(String... buckets) {
        if (shared == null) {
            shared = start(List.of(buckets));
            Runtime.getRuntime().addShutdownHook(new Thread(shared.process::destroy));
        }
        return shared;
    }

    /** Where clients send S3 requests (path-style). */
    public URI endpoint() {
        return endpoint;
    }

    /** The directory it keeps objects in: {@code <root>/<bucket>/…}, to check what is stored. */
    public Path root() {
        return root;
    }

    private static S3MockServer start(List<String> buckets) {
        String jar = System.getProperty("agora.s3mock.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock's exec jar is not at agora.s3mock.jar (" + jar
                    + "); Maven's pre-integration-test phase copies it into target/");
        }
        int http = Ports.free();
        int https = Ports.free();
        try {
            Path root = Files.createTempDirectory("agora-s3mock");
            Path logFile = root.resolveSibling(root.getFileName() + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                    "--server.port=" + https, "--com.adobe.testing.s3mock.httpPort=" + http,
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                    "--com.adobe.testing.s3mock.store.root=" + root, "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            URI endpoint = URI.create("http://127.0.0.1:" + http);
            awaitReady(process, endpoint, logFile);
            log.info("S3Mock on {} (objects in {}, log {})", endpoint, root, logFile);
            return new S3MockServer(process, endpoint, root);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void awaitReady(Process process, URI endpoint, Path logFile) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock stopped while starting; see " + logFile);
            }
            try {
                HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() < 500) {
                    return;
                }
            }
            catch (IOException ex) {
                // Not listening yet.
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Mock did not answer within 90 s; see " + logFile);
    }
}
