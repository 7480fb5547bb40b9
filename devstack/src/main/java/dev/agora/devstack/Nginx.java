package dev.agora.devstack;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a plain reverse proxy with keep-alive connections upstream: the yardstick for what the
 * gateway's proxying costs. {@code make bench} installs Debian's {@code nginx-light} when nginx is
 * missing and it runs as root with apt-get; otherwise {@link #binary()} says why there is none and
 * the bench skips the scenario.
 */
final class Nginx implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"),
            Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/bin/nginx"));

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The nginx binary, installed first if it is missing and may be; empty (with the reason printed) if not. */
    static Optional<Path> binary() throws InterruptedException {
        Optional<Path> found = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found;
        }
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            System.out.println("nginx baseline skipped: nginx is not installed, and installing it needs root and apt-get "
                    + "(apt-get install nginx-light).");
            return Optional.empty();
        }
        System.out.println("Installing nginx-light for the proxy baseline (apt-get) ...");
        List<String> install = List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light");
        run(install);
        if (CANDIDATES.stream().noneMatch(Files::isExecutable)) {
            // A fresh machine may have no package lists yet.
            run(List.of("apt-get", "update", "-qq"));
            run(install);
        }
        found = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            System.out.println("nginx baseline skipped: apt-get could not install nginx-light.");
        }
        return found;
    }

    /**
     * Starts nginx in {@code dir} on {@code port}, proxying everything to {@code upstreamPort} on
     * this host over up to 64 idle keep-alive connections (as the gateway's pool keeps them), with
     * one worker per core and no access log; answers once it proxies a health check.
     */
    static Nginx start(Path binary, Path dir, int port, int upstreamPort) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("temp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, upstreamPort));
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e",
                dir.resolve("error.log").toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
            .start();
        Nginx nginx = new Nginx(process, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited at start-up; see " + dir.resolve("error.log"));
            }
            try {
                var probe = HttpRequest.newBuilder(URI.create(nginx.url() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build();
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return nginx;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        nginx.close();
        throw new IllegalStateException("nginx did not proxy within 20 s; see " + dir.resolve("error.log"));
    }

    static String config(Path dir, int port, int upstreamPort) {
        String temp = dir.resolve("temp").toString();
        return """
                daemon off;
                worker_processes auto;
                pid %1$s/nginx.pid;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    upstream service {
                        server 127.0.0.1:%4$d;
                        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://service;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                        }
                    }
                }
                """.formatted(dir, temp, port, upstreamPort);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String run(List<String> command) throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.MINUTES);
            return out;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
