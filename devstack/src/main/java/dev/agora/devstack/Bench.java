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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make bench}: the platform on this machine, each service with the Helm chart's JVM settings
 * (not {@code make run}'s start-up flags), a catalogue of 10,000+ products, and load through the
 * gateway: product reads and a search with the catalogue cache on and then off (product-svc
 * restarted), the same product reads straight to product-svc and through nginx, {@code /users/me}
 * with and without the gateway's edge authentication, and checkouts (the whole saga) on one hot
 * product and spread over 1,000 products and 16 customers, in one run; and what the idle platform
 * burns. Each scenario warms up until its throughput is stable, then runs {@code --repeats} times;
 * it prints medians with their spread, the ratios, and the CPU each process spent per request,
 * and writes them as JSON and an SVG chart.
 */
final class Bench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PRODUCTS = 10_000;
    /** Warm-up windows end once two in a row differ by less than this, or after {@link #MAX_WARMUP_WINDOWS}. */
    private static final double STABLE = 0.10;
    private static final int MIN_WARMUP_WINDOWS = 3;
    /**
     * 3 minutes of 5 s windows, so that a run ends: under checkout load the chart's one-processor
     * JVMs were still compiling after that (docs/benchmarks.md, 2026-12-03), which the JIT share
     * printed for each scenario then shows.
     */
    private static final int MAX_WARMUP_WINDOWS = 36;
    /** A window in which the services' JIT compilers spent more than this share of their CPU is still warming up. */
    static final double JIT_SETTLED = 0.05;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int concurrency;
    private final Duration warmup;
    private final Duration measure;
    private final int repeats;
    private String gateway;
    private Platform platform;
    /** With {@code --pg-statements}: PostgreSQL's statements per request, printed after each CPU-measured scenario. */
    private PgStatements statements;

    Bench(int concurrency, Duration warmup, Duration measure, int repeats) {
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.measure = measure;
        this.repeats = repeats;
    }

    /**
     * One measured repeat.
     *
     * @param throughput answers with the expected status per second; {@code requests} counts all, errors included
     * @param p50 and {@code p99} over the answers with the expected status
     * @param errorKinds the errors by what came back: {@code 503}, or the exception's class when nothing did
     */
    record Result(String name, double throughput, double p50, double p99, long errors, long requests,
            Map<String, Long> errorKinds) {
    }

    /**
     * A scenario's repeats, their medians and spread, the warm-up windows it took, (for checkouts)
     * the CPU milliseconds each process spent per request, idle burn subtracted, and the share of the
     * service JVMs' CPU their JIT compilers took while it was measured (NaN where /proc is not).
     */
    record Summary(String name, List<Result> runs, int warmupWindows, Map<String, Double> cpuMsPerRequest, double jitShare) {

        double throughput() {
            return median(runs.stream().mapToDouble(Result::throughput).toArray());
        }

        double throughputMin() {
            return runs.stream().mapToDouble(Result::throughput).min().orElse(Double.NaN);
        }

        double throughputMax() {
            return runs.stream().mapToDouble(Result::throughput).max().orElse(Double.NaN);
        }

        double p50() {
            return median(runs.stream().mapToDouble(Result::p50).toArray());
        }

        double p99() {
            return median(runs.stream().mapToDouble(Result::p99).toArray());
        }

        long errors() {
            return runs.stream().mapToLong(Result::errors).sum();
        }

        Map<String, Long> errorKinds() {
            Map<String, Long> kinds = new TreeMap<>();
            runs.forEach(run -> run.errorKinds().forEach((kind, n) -> kinds.merge(kind, n, Long::sum)));
            return kinds;
        }

        String spread() {
            return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", throughput(), throughputMin(), throughputMax());
        }

        /** A row of the printed scenario table. */
        String tableRow() {
            return String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %d%s | %d | %s |", name, spread(), p50(), p99(), errors(),
                    errorKinds().isEmpty() ? "" : " " + errorKinds(), warmupWindows, Double.isNaN(jitShare) ? "–"
                            : String.format(Locale.ROOT, "%.1f %%", jitShare * 100));
        }

        BenchChart.Row row() {
            return new BenchChart.Row(name, throughput(), throughputMin(), throughputMax(), p50(), p99());
        }
    }

    static void main(String[] args) throws Exception {
        Path root = Path.of(DevStack.argument(args, "--root", "."));
        String version = DevStack.argument(args, "--version", "0.1.0-SNAPSHOT");
        Bench bench = new Bench(Integer.parseInt(DevStack.argument(args, "--concurrency", "16")),
                Duration.ofSeconds(Long.parseLong(DevStack.argument(args, "--warmup", "5"))),
                Duration.ofSeconds(Long.parseLong(DevStack.argument(args, "--seconds", "15"))),
                Integer.parseInt(DevStack.argument(args, "--repeats", "3")));
        Path data = root.resolve(".agora").resolve("bench");
        Directories.deleteRecursively(data);
        Map<String, Map<String, String>> environment = new LinkedHashMap<>();
        Map<String, List<String>> flags = new LinkedHashMap<>();
        ChartJvm chart = ChartJvm.of(root);
        for (Platform.Service service : Platform.SERVICES) {
            // Traces sampled as the chart samples them (tracing.samplingProbability), not make run's every request.
            environment.put(service.name(), new LinkedHashMap<>(Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1")));
            flags.put(service.name(), chart.flags(service.name()));
        }
        environment.get("gateway").putAll(Map.of("AGORA_RATELIMIT_REPLENISHRATE", "1000000", "AGORA_RATELIMIT_BURSTCAPACITY", "2000000"));
        System.out.println("JVM flags, from helm/agora/values.yaml (jvmOptions, and the container limits as MaxRAM and "
                + "ActiveProcessorCount):");
        flags.forEach((service, list) -> System.out.println("  " + service + ": " + String.join(" ", list)));
        Platform platform = new Platform(new Platform.Options(root, version, data, false, System.getenv(), null, environment, flags));
        boolean pgStatements = java.util.Arrays.asList(args).contains("--pg-statements");
        if (pgStatements) {
            platform.postgresSettings(PgStatements.SETTINGS);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        int status = 1;
        try {
            if (DevStack.argument(args, "--only", "").equals("checkout")) {
                bench.measureCheckout(platform, pgStatements);
            }
            else {
                bench.measure(root, version, platform, flags, pgStatements);
            }
            status = 0;
        }
        catch (Exception ex) {
            System.err.println("make bench failed: " + ex);
            ex.printStackTrace();
        }
        finally {
            // The in-process datastores keep non-daemon threads: without an explicit exit a failed run
            // would leave the JVM, and every service it started, running.
            platform.close();
            System.exit(status);
        }
    }

    private void measure(Path root, String version, Platform platform, Map<String, List<String>> flags, boolean pgStatements)
            throws Exception {
        Bench bench = this;
        Path data = root.resolve(".agora").resolve("bench");
        platform.start();
        bench.platform = platform;
        bench.statements = pgStatements ? platform.pgStatements() : null;
        bench.gateway = platform.gatewayUrl();
        Idle idlePlatform = bench.idleBurn();
        Map<String, Double> idle = idlePlatform.cpuMsPerSecond();
        System.out.println("Seeding " + PRODUCTS + " products ...");
        List<String> ids = bench.seed(platform.demoAccounts());
        System.out.println("Catalogue ready: " + ids.size() + " product ids sampled.");

        List<Summary> on = bench.scenarios(ids, "cache on");
        List<Summary> proxies = bench.proxyBaselines(ids, data);
        Summary hot = bench.run("POST /orders, 1 product, 1 customer", bench.checkouts(platform.demoAccounts(), 1, 1), 201, true);
        Summary spread = bench.run("POST /orders, 1,000 products, 16 customers", bench.checkouts(platform.demoAccounts(), 1000, 16),
                201, true);
        ServiceProcess products = platform.service("product-svc");
        products.stop();
        products.environment().put("AGORA_CACHE_ENABLED", "false");
        products.start();
        products.awaitReady(Duration.ofMinutes(2));
        List<Summary> off = bench.scenarios(ids, "cache off");
        List<Summary> auth = bench.authBaselines(root, data);
        platform.close();
        MakeRunStartUp.Result makeRun = MakeRunStartUp.measure(root, version, data.resolve("make-run"));

        System.out.println();
        System.out.printf("Concurrency %d, %d repeats of %d s each after a warm-up of %d s windows until stable, %d products, "
                + "through the gateway.%n", bench.concurrency, bench.repeats, bench.measure.toSeconds(), bench.warmup.toSeconds(),
                PRODUCTS + 54);
        System.out.println("| scenario | requests/s median (min–max) | p50 ms | p99 ms | errors | warm-up windows | JIT share |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        List<Summary> all = new ArrayList<>(on);
        all.addAll(proxies);
        all.add(hot);
        all.add(spread);
        all.addAll(off);
        all.addAll(auth);
        for (Summary r : all) {
            System.out.println(r.tableRow());
        }
        System.out.println();
        System.out.println("| ratio cache on / off | throughput | p50 | p99 |");
        System.out.println("|---|---:|---:|---:|");
        for (int i = 0; i < on.size(); i++) {
            Summary a = on.get(i);
            Summary b = off.get(i);
            System.out.printf(Locale.ROOT, "| %s | %.2fx | %.2fx | %.2fx |%n", a.name().replace(" (cache on)", ""),
                    a.throughput() / b.throughput(), a.p50() / b.p50(), a.p99() / b.p99());
        }
        Summary read = on.get(0);
        printSideBySide(read, proxies, auth);
        System.out.println();
        System.out.println("| checkout | p50 / product read p50 | p99 / product read p99 |");
        System.out.println("|---|---:|---:|");
        for (Summary checkout : List.of(hot, spread)) {
            System.out.printf(Locale.ROOT, "| %s | %.1fx | %.1fx |%n", checkout.name(), checkout.p50() / read.p50(),
                    checkout.p99() / read.p99());
        }
        System.out.println();
        System.out.println("| CPU ms per checkout, idle subtracted | " + String.join(" | ", hot.cpuMsPerRequest().keySet()) + " | total |");
        System.out.println("|---|" + "---:|".repeat(hot.cpuMsPerRequest().size() + 1));
        for (Summary checkout : List.of(hot, spread)) {
            System.out.println("| " + checkout.name() + " | " + String.join(" | ", hot.cpuMsPerRequest().keySet().stream()
                .map(k -> String.format(Locale.ROOT, "%.1f", checkout.cpuMsPerRequest().getOrDefault(k, 0.0))).toList())
                    + String.format(Locale.ROOT, " | %.1f |", checkout.cpuMsPerRequest().values().stream().mapToDouble(d -> d).sum()));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Idle, whole platform doing nothing: %.3f of a core (%s)%n",
                idle.values().stream().mapToDouble(d -> d).sum() / 1000, String.join(", ", idle.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).toList()) + " CPU ms/s");
        System.out.printf(Locale.ROOT, "Idle memory, the service JVMs: %.0f MB RSS (%s)%n", ProcessCpu.total(idlePlatform.residentMb()),
                perProcess(idlePlatform.residentMb(), "%.0f") + " MB");
        System.out.println();
        System.out.printf(Locale.ROOT, "make run (its start-up flags %s, extracted jars, AOT caches as it trains them): first start "
                + "all ready in %.1f s, next start %.1f s; idle %.3f of a core (%s CPU ms/s), %.0f MB RSS in the service JVMs (%s MB)%n",
                String.join(" ", ServiceProcess.START_UP_FLAGS) + " " + String.join(" ", ServiceProcess.MAKE_RUN_MEMORY_FLAGS),
                makeRun.firstSeconds(), makeRun.nextSeconds(), makeRun.idleCores(),
                perProcess(makeRun.idleCpuMsPerSecond(), "%.1f"), makeRun.idleResidentTotalMb(),
                perProcess(makeRun.idleResidentMb(), "%.0f"));
        System.out.println();
        BenchTargets.print(BenchTargets.rows(new BenchTargets.Inputs(read, proxies.get(0), proxies.size() > 1 ? proxies.get(1) : null,
                off.get(0), on.get(1), off.get(1), auth.get(1), auth.get(2), spread, idle, makeRun)));
        bench.write(root, all, flags, idlePlatform, makeRun);
    }

    /**
     * {@code --only checkout}: the platform as the full bench runs it, and only the checkout spread
     * over 1,000 products, printed with the CPU each process spent per order. For profiling the saga
     * ({@code make profile SERVICE=order-svc} meanwhile) without the half hour of the whole bench.
     */
    private void measureCheckout(Platform platform, boolean pgStatements) throws Exception {
        platform.start();
        this.platform = platform;
        this.statements = pgStatements ? platform.pgStatements() : null;
        this.gateway = platform.gatewayUrl();
        Summary spread = run("POST /orders, 1,000 products, 16 customers", checkouts(platform.demoAccounts(), 1000, 16), 201, true);
        System.out.println();
        System.out.println("| scenario | requests/s median (min–max) | p50 ms | p99 ms | errors | warm-up windows | JIT share |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.println(spread.tableRow());
        System.out.printf(Locale.ROOT, "CPU ms per order, idle subtracted: %s; total %.1f%n", perProcess(spread.cpuMsPerRequest(), "%.1f"),
                ProcessCpu.total(spread.cpuMsPerRequest()));
    }

    private static String perProcess(Map<String, Double> values, String pattern) {
        return String.join(", ", values.entrySet().stream()
            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, pattern, e.getValue())).toList());
    }

    /** The bench's platform doing nothing: CPU ms per second per process, and each service JVM's resident MB. */
    record Idle(Map<String, Double> cpuMsPerSecond, Map<String, Double> residentMb) {
    }

    /**
     * What each process burns with nothing to do (CPU ms per second, over 30 s once the start-up
     * has settled: 20 s, then until its CPU stops falling, at most 3 minutes more) and what each
     * service JVM then holds, before anything is seeded (seeding leaves events and emails behind).
     */
    private Idle idleBurn() throws InterruptedException {
        Thread.sleep(20_000);
        ProcessCpu.settledRate(platform.services(), Duration.ofSeconds(10), 18);
        Map<String, Double> rate = ProcessCpu.rate(platform.services(), Duration.ofSeconds(30));
        return new Idle(rate, ProcessMemory.residentMb(platform.services()));
    }

    /** The results as {@code bench.json} and {@code bench.svg} under {@code .agora/bench-results/<time>/}. */
    private void write(Path root, List<Summary> all, Map<String, List<String>> flags, Idle idle, MakeRunStartUp.Result makeRun)
            throws IOException {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.now());
        Path dir = root.resolve(".agora").resolve("bench-results").resolve(stamp);
        Files.createDirectories(dir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("measuredAt", java.time.Instant.now().toString());
        result.put("commit", commit(root));
        result.put("concurrency", concurrency);
        result.put("warmupWindowSeconds", warmup.toSeconds());
        result.put("measuredSeconds", measure.toSeconds());
        result.put("repeats", repeats);
        result.put("jvmFlags", flags);
        result.put("idleCpuMsPerSecond", idle.cpuMsPerSecond());
        result.put("idleResidentMb", idle.residentMb());
        result.put("makeRun", makeRun);
        result.put("scenarios", all.stream().map(s -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", s.name());
            one.put("throughputMedian", s.throughput());
            one.put("throughputMin", s.throughputMin());
            one.put("throughputMax", s.throughputMax());
            one.put("p50MsMedian", s.p50());
            one.put("p99MsMedian", s.p99());
            one.put("errors", s.errors());
            one.put("errorKinds", s.errorKinds());
            one.put("warmupWindows", s.warmupWindows());
            if (!Double.isNaN(s.jitShare())) {
                one.put("jitShareMeasured", s.jitShare());
            }
            one.put("runs", s.runs());
            if (!s.cpuMsPerRequest().isEmpty()) {
                one.put("cpuMsPerRequest", s.cpuMsPerRequest());
            }
            return one;
        }).toList());
        Files.writeString(dir.resolve("bench.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        Files.writeString(dir.resolve("bench.svg"), BenchChart.svg("make bench " + stamp + " UTC, " + commit(root) + ", "
                + concurrency + " clients, median of " + repeats, all.stream().map(Summary::row).toList()));
        System.out.println();
        System.out.println("Results: " + dir.resolve("bench.json") + " and " + dir.resolve("bench.svg"));
    }

    private static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).redirectErrorStream(true)
                .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        }
        catch (IOException ex) {
            return "unknown";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private List<Summary> scenarios(List<String> ids, String mode) throws InterruptedException {
        String[] queries = { "walnut", "oak chair", "brass lamp", "bench item", "ceramic" };
        List<Summary> results = new ArrayList<>();
        // With the CPU each process spends per read: the gateway's share against product-svc's.
        results.add(run("GET /products/{id} (" + mode + ")", gateway, productRead(ids), null, true));
        results.add(run("search q=… (" + mode + ")",
                () -> "/api/v1/products?q=" + queries[ThreadLocalRandom.current().nextInt(queries.length)].replace(" ", "%20")
                        + "&sort=relevance&size=20"));
        return results;
    }

    private Summary run(String name, Supplier<String> paths) throws InterruptedException {
        return run(name, gateway, paths, null, false);
    }

    /** GETs of {@code paths} on {@code base}, with {@code token} as the bearer if there is one. */
    private Summary run(String name, String base, Supplier<String> paths, String token, boolean cpu) throws InterruptedException {
        return run(name, () -> {
            var builder = HttpRequest.newBuilder(URI.create(base + paths.get())).timeout(Duration.ofSeconds(10));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder.build();
        }, 200, cpu);
    }

    private static Supplier<String> productRead(List<String> ids) {
        return () -> "/api/v1/products/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    /**
     * The same cached product reads as through the gateway, straight to product-svc and through
     * nginx (a keep-alive reverse proxy; skipped with a line saying why when nginx is missing and
     * cannot be installed): what proxying costs, and what a proxy need cost.
     */
    private List<Summary> proxyBaselines(List<String> ids, Path data) throws InterruptedException, IOException {
        ServiceProcess products = platform.service("product-svc");
        List<Summary> results = new ArrayList<>();
        results.add(run("GET /products/{id} direct to product-svc", products.url(), productRead(ids), null, true));
        Optional<Path> nginx = Nginx.binary();
        if (nginx.isPresent()) {
            try (Nginx proxy = Nginx.start(nginx.get(), data.resolve("nginx"), new PortAllocator().next(), products.port())) {
                results.add(run("GET /products/{id} through nginx", proxy.url(), productRead(ids), null, false));
            }
        }
        return results;
    }

    /**
     * {@code GET /users/me} with a customer's token: through the gateway, straight to user-svc, and
     * through the gateway restarted without its edge-authentication filter ({@link EdgeAuthOff}), to
     * show what that filter costs. The gateway stays that way: this runs last.
     */
    private List<Summary> authBaselines(Path root, Path data) throws IOException, InterruptedException {
        Platform.Credentials accounts = platform.demoAccounts();
        String token = call("POST", "/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", accounts.customerEmail(),
                "password", accounts.customerPassword())), null, "application/json").path("accessToken").asString();
        Supplier<String> me = () -> "/api/v1/users/me";
        List<Summary> results = new ArrayList<>();
        results.add(run("GET /users/me direct to user-svc", platform.service("user-svc").url(), me, token, false));
        // Both gateways freshly started, so that neither has the other's head start in the JIT.
        restartGateway(null);
        results.add(run("GET /users/me through the gateway", gateway, me, token, true));
        restartGateway(EdgeAuthOff.write(root.resolve("gateway/src/main/resources/application.yml"),
                data.resolve("gateway-without-edge-auth.yml")));
        results.add(run("GET /users/me through the gateway, no edge auth", gateway, me, token, true));
        return results;
    }

    /** Restarts the gateway, with {@code override} as additional configuration if given. */
    private void restartGateway(Path override) {
        ServiceProcess edge = platform.service("gateway");
        edge.stop();
        if (override == null) {
            edge.environment().remove("SPRING_CONFIG_ADDITIONALLOCATION");
        }
        else {
            edge.environment().put("SPRING_CONFIG_ADDITIONALLOCATION", "file:" + override);
        }
        edge.start();
        edge.awaitReady(Duration.ofMinutes(2));
    }

    /** The side-by-side ratios: the gateway against a direct call and against nginx, and the edge filter's cost. */
    private static void printSideBySide(Summary gatewayRead, List<Summary> proxies, List<Summary> auth) {
        Summary direct = proxies.get(0);
        System.out.println();
        System.out.println("| side by side, same cached GET /products/{id} | requests/s | p50 ms | gateway throughput / this | "
                + "gateway p50 / this |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Summary baseline : proxies) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2fx | %.2fx |%n", baseline.name(), baseline.spread(), baseline.p50(),
                    gatewayRead.throughput() / baseline.throughput(), gatewayRead.p50() / baseline.p50());
        }
        if (proxies.size() == 1) {
            System.out.println("| through nginx | skipped: no nginx (see above) | | | |");
        }
        System.out.println();
        System.out.println("| CPU ms per product read, idle subtracted | gateway | product-svc |");
        System.out.println("|---|---:|---:|");
        for (Summary read : List.of(gatewayRead, direct)) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", read.name(), read.cpuMsPerRequest().getOrDefault("gateway", 0.0),
                    read.cpuMsPerRequest().getOrDefault("product-svc", 0.0));
        }
        Summary with = auth.get(1);
        Summary without = auth.get(2);
        System.out.println();
        System.out.println("| GET /users/me | requests/s | p50 ms | gateway CPU ms per request |");
        System.out.println("|---|---:|---:|---:|");
        for (Summary s : auth) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %s |%n", s.name(), s.spread(), s.p50(),
                    s.cpuMsPerRequest().isEmpty() ? "" : String.format(Locale.ROOT, "%.3f", s.cpuMsPerRequest().getOrDefault("gateway", 0.0)));
        }
        System.out.printf(Locale.ROOT, "Edge authentication filter: throughput with it / without it %.2fx; gateway CPU per request "
                + "with it minus without it %+.3f ms.%n", with.throughput() / without.throughput(),
                with.cpuMsPerRequest().getOrDefault("gateway", 0.0) - without.cpuMsPerRequest().getOrDefault("gateway", 0.0));
    }

    /** Warms up until stable, then measures {@link #repeats} times; with {@code cpu}, also the CPU per request. */
    private Summary run(String name, Supplier<HttpRequest> requests, int expected, boolean cpu) throws InterruptedException {
        Map<String, Double> idleRate = cpu ? idleCpuRate() : Map.of();
        int windows = warmUp(requests, expected);
        boolean counting = cpu && statements != null && resetStatements();
        Map<String, Double> before = cpu ? ProcessCpu.snapshot(platform.services()) : Map.of();
        ProcessCpu.Jvms jvmsBefore = jvms();
        long started = System.nanoTime();
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            runs.add(measureOnce(name + " [" + (i + 1) + "/" + repeats + "]", requests, expected));
        }
        Map<String, Double> perRequest = new LinkedHashMap<>();
        if (counting) {
            printStatements(name, runs.stream().mapToLong(Result::requests).sum());
        }
        if (cpu) {
            double seconds = (System.nanoTime() - started) / 1e9;
            long total = runs.stream().mapToLong(Result::requests).sum();
            ProcessCpu.spent(before, ProcessCpu.snapshot(platform.services())).forEach((process, ms) -> perRequest.put(process,
                    Math.max(0, ms - idleRate.getOrDefault(process, 0.0) * seconds) / Math.max(1, total)));
        }
        return new Summary(name, runs, windows, perRequest, jvms().compilerShareSince(jvmsBefore));
    }

    /** Starts counting PostgreSQL's statements afresh; false, said once, when the server cannot. */
    private boolean resetStatements() {
        try {
            statements.reset();
            return true;
        }
        catch (java.sql.SQLException ex) {
            System.out.println("--pg-statements: PostgreSQL cannot count statements (" + ex.getMessage().lines().findFirst().orElse("")
                    + "); an external server needs pg_stat_statements in shared_preload_libraries. Carrying on without.");
            statements = null;
            return false;
        }
    }

    private void printStatements(String name, long requests) {
        try {
            System.out.println();
            System.out.println("PostgreSQL during " + name + " (" + requests + " requests; pg_stat_statements, wall time inside the server):");
            System.out.println(PgStatements.perRequest(statements.read(), requests, 15));
        }
        catch (java.sql.SQLException ex) {
            System.out.println("--pg-statements: could not read pg_stat_statements: " + ex.getMessage());
        }
    }

    private ProcessCpu.Jvms jvms() {
        return platform == null ? new ProcessCpu.Jvms(0, 0) : ProcessCpu.jvms(platform.services());
    }

    /**
     * What each process burns doing nothing, in CPU ms per second: 5 s samples until the platform's
     * total stops falling, so that work left over from a set-up (product-svc's, after the products a
     * checkout scenario just created) is not taken for idle burn and subtracted from the load.
     */
    private Map<String, Double> idleCpuRate() throws InterruptedException {
        return ProcessCpu.settledRate(platform.services(), Duration.ofSeconds(5), 12);
    }

    /**
     * Windows of {@link #warmup} until two in a row agree within {@link #STABLE} and neither had an
     * error (a service still compiling its hot paths can trip the gateway's circuit breaker, and
     * two equally bad windows are not a warm JVM); at least {@link #MIN_WARMUP_WINDOWS}. Answers how
     * many it took.
     */
    private int warmUp(Supplier<HttpRequest> requests, int expected) throws InterruptedException {
        double previous = -1;
        long previousErrors = -1;
        for (int window = 1; window <= MAX_WARMUP_WINDOWS; window++) {
            AtomicLong errors = new AtomicLong();
            ProcessCpu.Jvms before = jvms();
            long started = System.nanoTime();
            double rate = load(requests, expected, warmup, new LoadSink(new ArrayList<>(), errors, new ConcurrentHashMap<>()))
                    / ((System.nanoTime() - started) / 1e9);
            if (window >= MIN_WARMUP_WINDOWS && warm(previous, previousErrors, rate, errors.get(), jvms().compilerShareSince(before))) {
                return window;
            }
            previous = rate;
            previousErrors = errors.get();
        }
        return MAX_WARMUP_WINDOWS;
    }

    /**
     * Whether a warm-up window shows a warm platform: the same throughput as the window before
     * (within {@link #STABLE}), no errors in either, and the JIT compilers of the services done with
     * their hot paths ({@link #JIT_SETTLED}; a NaN share, no /proc, does not hold it back).
     */
    static boolean warm(double previousRate, long previousErrors, double rate, long errors, double compilerShare) {
        boolean stable = previousRate > 0 && Math.abs(rate - previousRate) / previousRate < STABLE && errors == 0 && previousErrors == 0;
        return stable && !(compilerShare > JIT_SETTLED);
    }

    Result measureOnce(String name, Supplier<HttpRequest> requests, int expected) throws InterruptedException {
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long sent = load(requests, expected, measure, new LoadSink(samples, errors, kinds));
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        Map<String, Long> errorKinds = new TreeMap<>();
        kinds.forEach((kind, n) -> errorKinds.put(kind, n.get()));
        // Only answers with the expected status count: a circuit breaker's quick 503s are not throughput.
        Result r = new Result(name, (sent - errors.get()) / seconds, percentile(all, 0.50), percentile(all, 0.99), errors.get(), sent,
                errorKinds);
        System.out.printf("%-50s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%s%n", name, r.throughput(), r.p50(), r.p99(),
                r.errors(), errorKinds.isEmpty() ? "" : " " + errorKinds);
        return r;
    }

    private record LoadSink(List<long[]> samples, AtomicLong errors, Map<String, AtomicLong> kinds) {

        void error(String kind) {
            errors.incrementAndGet();
            kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
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
                        String error;
                        try {
                            HttpResponse<Void> response = http.send(requests.get(), HttpResponse.BodyHandlers.discarding());
                            error = response.statusCode() == expected ? null : Integer.toString(response.statusCode());
                        }
                        catch (IOException ex) {
                            error = ex.getClass().getSimpleName();
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        boolean ok = error == null;
                        if (!ok && sink != null) {
                            sink.error(error);
                        }
                        // Latencies of answers as expected only: a breaker's instant 503 would flatter them.
                        if (ok && i < latencies.length) {
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
     * Checkouts of one unit each, spread over {@code productCount} products with ample stock and
     * {@code customerCount} signed-up customers picked at random, each with a fresh idempotency
     * key: the whole saga (prices, reservation, charge, commit) through the gateway. One product and
     * one customer is the hot row; many show what is left once rows no longer contend.
     */
    private Supplier<HttpRequest> checkouts(Platform.Credentials accounts, int productCount, int customerCount)
            throws IOException, InterruptedException {
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
        List<String> products = parallel(productCount, i -> {
            String product = call("POST", "/api/v1/products", JSON.writeValueAsString(Map.of("name", "Bench Widget " + i, "sku",
                    "BENCH-CHECKOUT-" + UUID.randomUUID(), "status", "active", "price", Map.of("amount", "9.99", "currency", "USD"),
                    "categoryIds", List.of(category))), vendor, "application/json").path("id").asString();
            // A vendor's product waits for review: the admin approves it as created.
            call("POST", "/api/v1/products/" + product + "/approve", JSON.writeValueAsString(Map.of("version", 0)), admin,
                    "application/json");
            call("PUT", "/api/v1/inventory/" + product, JSON.writeValueAsString(Map.of("onHand", 1_000_000, "reason", "bench")),
                    vendor, "application/json");
            return product;
        });
        // Checkout needs a confirmed address: the admin vouches for each buyer's, then the buyer signs
        // in again for a token that says so (as a verified shopper's would).
        List<String> customers = parallel(customerCount, i -> {
            String email = "bench-buyer-" + UUID.randomUUID() + "@example.com";
            String id = call("POST", "/api/v1/auth/signup", JSON.writeValueAsString(Map.of("name", "Bench Buyer", "email", email,
                    "password", password)), null, "application/json").path("user").path("id").asString();
            call("PUT", "/api/v1/users/" + id + "/email-verified", null, admin, null);
            return call("POST", "/api/v1/auth/login", JSON.writeValueAsString(Map.of("email", email, "password", password)), null,
                    "application/json").path("accessToken").asString();
        });
        Map<String, Object> address = Map.of("name", "Bench Buyer", "line1", "1 Load St", "city", "Leeds", "postalCode", "LS1 1AA",
                "country", "GB");
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String body = JSON.writeValueAsString(Map.of("items", List.of(Map.of("productId",
                    products.get(random.nextInt(products.size())), "quantity", 1)), "shippingAddress", address,
                    "paymentMethod", "pm_card_visa"));
            return HttpRequest.newBuilder(URI.create(gateway + "/api/v1/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + customers.get(random.nextInt(customers.size())))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        };
    }

    /** One step of set-up that calls the API. */
    private interface Step {
        String run(int index) throws IOException, InterruptedException;
    }

    /** Runs {@code count} set-up steps, eight at a time, and answers their results in order. */
    private static List<String> parallel(int count, Step step) throws InterruptedException {
        List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
        try (ExecutorService workers = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(workers.submit(() -> step.run(index)));
            }
        }
        List<String> results = new ArrayList<>();
        for (var future : futures) {
            try {
                results.add(future.get());
            }
            catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException("Bench set-up failed: " + ex.getCause().getMessage(), ex.getCause());
            }
        }
        return results;
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
        // Set-up after a heavy scenario may find the gateway's circuit breaker still open: wait it out.
        for (int attempt = 0; attempt < 15 && response.statusCode() >= 502 && response.statusCode() <= 504; attempt++) {
            Thread.sleep(2_000);
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
