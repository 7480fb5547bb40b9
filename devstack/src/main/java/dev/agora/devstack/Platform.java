package dev.agora.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.util.GreenMail;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import com.icegreen.greenmail.util.ServerSetup;

import dev.agora.testsupport.EmbeddedPostgres;
import dev.agora.testsupport.EmbeddedRedis;

/**
 * The whole platform on one machine: PostgreSQL and Redis (embedded binaries unless external ones
 * are configured), then every service and the gateway as separate processes talking real HTTP.
 * {@code make run} and the end-to-end tests both start it.
 */
public final class Platform implements AutoCloseable {

    /** A service of the platform: its module, its local port, the database it owns (or null). */
    public record Service(String name, int defaultPort, String database) {
    }

    /** Every service that exists so far, in start order; the gateway comes last. */
    public static final List<Service> SERVICES = List.of(new Service("user-svc", 8081, "userdb"),
            new Service("product-svc", 8082, "productdb"), new Service("inventory-svc", 8085, "inventorydb"),
            new Service("payment-svc", 8084, "paymentdb"), new Service("order-svc", 8083, "orderdb"),
            new Service("notification-svc", 8086, "notificationdb"), new Service("review-svc", 8087, null),
            new Service("analytics-svc", 8088, null), new Service("gateway", 8080, null));

    /** The MongoDB database of each service that uses one. */
    private static final Map<String, String> MONGO_DATABASES = Map.of("review-svc", "reviewdb", "analytics-svc",
            "analyticsdb");

    private final Options options;
    private StartUpCache startUpCache;
    private Map<String, String> postgresSettings = Map.of();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private ServiceProcess traceViewer;
    private final List<String> notes = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private EmbeddedRedis redis;
    private GreenMail mail;
    private MongoServer mongo;
    private String mongoUri;
    private String smtpHost;
    private boolean closed;
    private int smtpPort;
    private String postgresHost;
    private int postgresPort;
    private String postgresUser;
    private String postgresPassword;
    private String redisUrl;
    private Credentials credentials;
    private final PortAllocator freePorts = new PortAllocator();

    /**
     * How to run.
     *
     * @param root the repository root (jars are under {@code <module>/target})
     * @param version the project version in jar names
     * @param dataDirectory where datastore data, secrets and logs live
     * @param fixedPorts DESIGN.md's local ports, or free ones (tests)
     * @param environment the environment to read external datastores from
     * @param signingKeyPem a PEM signing key to use instead of one kept in the data directory
     * @param extraEnvironment more variables per service name
     */
    /**
     * @param jvmFlags per service, the JVM flags to run it with instead of {@code make run}'s
     *        start-up flags ({@code make bench} gives the chart's)
     */
    public record Options(Path root, String version, Path dataDirectory, boolean fixedPorts,
            Map<String, String> environment, String signingKeyPem, Map<String, Map<String, String>> extraEnvironment,
            Map<String, List<String>> jvmFlags) {

        public Options(Path root, String version, Path dataDirectory, boolean fixedPorts, Map<String, String> environment,
                String signingKeyPem, Map<String, Map<String, String>> extraEnvironment) {
            this(root, version, dataDirectory, fixedPorts, environment, signingKeyPem, extraEnvironment, Map.of());
        }
    }

    /** Demo accounts, generated on the first run and kept in the data directory ({@link DemoAccounts}). */
    public record Credentials(String adminEmail, String adminPassword, String customerEmail, String customerPassword,
            String vendorEmail, String vendorPassword) {
    }

    public Platform(Options options) {
        this.options = options;
    }

    /** {@code make run}'s JVM flags for a service: the start-up and memory flags, and its AOT cache once trained. */
    static List<String> makeRunFlags(StartUpCache cache, String service) {
        List<String> flags = new ArrayList<>(ServiceProcess.START_UP_FLAGS);
        flags.addAll(ServiceProcess.MAKE_RUN_MEMORY_FLAGS);
        flags.addAll(cache.flags(service));
        return flags;
    }

    /** Server settings for the embedded PostgreSQL besides its own ({@code make bench --pg-statements}). */
    void postgresSettings(Map<String, String> settings) {
        this.postgresSettings = Map.copyOf(settings);
    }

    /** {@code make run}'s: start the services from their extracted jars, with their AOT caches when trained. */
    void startUpCache(StartUpCache cache) {
        this.startUpCache = cache;
    }

    public void start() {
        try {
            Files.createDirectories(options.dataDirectory());
            startPostgres();
            startRedis();
            startMail();
            startMongo();
            credentials = DemoAccounts.load(options.dataDirectory().resolve("secrets").resolve("demo-accounts.properties"));
            traceViewer = traceViewer();
            Path key = signingKey();
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Service service : SERVICES) {
                ports.put(service.name(), port(service.name(), service.name().equals("gateway") ? gatewayPort(options.environment())
                        : service.defaultPort(), !service.name().equals("gateway")));
            }
            for (Service service : SERVICES) {
                Map<String, String> env = environment(service, key);
                String userUri = "http://127.0.0.1:" + ports.get("user-svc");
                if (service.name().equals("user-svc")) {
                    int i = 0;
                    for (Service caller : callers()) {
                        env.put("AGORA_AUTH_CLIENTS_" + i + "_ID", caller.name());
                        env.put("AGORA_AUTH_CLIENTS_" + i + "_SECRETSHA256", sha256(clientSecret(caller.name())));
                        i++;
                    }
                }
                else if (!service.name().equals("gateway")) {
                    env.put("AGORA_SERVICES_USER_URI", userUri);
                    env.put("AGORA_SERVICECLIENT_CLIENTID", service.name());
                    env.put("AGORA_SERVICECLIENT_CLIENTSECRET", clientSecret(service.name()));
                }
                // Each service may call any other (the gateway routes to all; inventory-svc asks product-svc).
                for (var other : ports.entrySet()) {
                    if (!other.getKey().equals("gateway") && !other.getKey().equals(service.name())) {
                        env.put("AGORA_SERVICES_" + other.getKey().replace("-svc", "").toUpperCase() + "_URI",
                                "http://127.0.0.1:" + other.getValue());
                    }
                }
                if (service.name().equals("product-svc") && !options.environment().containsKey("AGORA_MEDIA_STORE")) {
                    // Uploaded images on disk next to the databases (AGORA_MEDIA_STORE=s3 and its bucket instead).
                    env.put("AGORA_MEDIA_STORE", "local");
                    env.put("AGORA_MEDIA_DIRECTORY", options.dataDirectory().resolve("media").toString());
                }
                if (service.name().equals("product-svc") && !options.environment().containsKey("AGORA_MEDIA_PUBLICURL")) {
                    // Served through the gateway.
                    env.put("AGORA_MEDIA_PUBLICURL", "http://localhost:" + ports.get("gateway") + "/api/v1/media");
                }
                env.putAll(options.extraEnvironment().getOrDefault(service.name(), Map.of()));
                Path jar = startUpCache == null ? jarOf(service.name()) : startUpCache.jar(service.name());
                ServiceProcess process = new ServiceProcess(service.name(), jar,
                        ports.get(service.name()), env, options.dataDirectory().resolve("logs").resolve(service.name() + ".log"));
                List<String> flags = options.jvmFlags().get(service.name());
                if (flags != null) {
                    process.jvmFlags(flags);
                }
                else if (startUpCache != null) {
                    process.jvmFlags(makeRunFlags(startUpCache, service.name()));
                }
                processes.put(service.name(), process);
            }
            startAll();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The gateway's port under {@code make run}: 8080, or AGORA_GATEWAY_PORT. */
    static int gatewayPort(Map<String, String> environment) {
        return Integer.parseInt(environment.getOrDefault("AGORA_GATEWAY_PORT", "8080"));
    }

    /**
     * A free port for tests; under {@code make run} DESIGN.md's port, or, for what may move (the
     * datastores, the services behind the gateway), a free one when it is taken, noted for the
     * start-up summary.
     */
    private int port(String what, int preferred, boolean mayMove) {
        if (!options.fixedPorts()) {
            return freePorts.next();
        }
        if (!mayMove || LocalPorts.isFree(preferred)) {
            return preferred;
        }
        int moved = freePorts.next();
        notes.add(what + ": port " + preferred + " is taken" + LocalPorts.holder(preferred).map(h -> " by " + h).orElse("")
                + "; using " + moved + ".");
        return moved;
    }

    /** What start-up changed from DESIGN.md's ports, one line each. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void startAll() {
        List<ServiceProcess> all = new ArrayList<>(processes.values());
        if (traceViewer != null) {
            all.add(0, traceViewer);
        }
        all.forEach(ServiceProcess::start);
        ExecutorService waiters = Executors.newFixedThreadPool(all.size());
        // The chart's JVM flags (make bench) give each JVM one processor and the full JIT: nine of them
        // starting together on a two-core machine take about three minutes, make run's C1 start one.
        Duration wait = options.jvmFlags().isEmpty() ? Duration.ofMinutes(3) : Duration.ofMinutes(6);
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (ServiceProcess p : all) {
                ready.add(waiters.submit(() -> p.awaitReady(wait)));
            }
            for (Future<?> f : ready) {
                f.get();
            }
        }
        catch (Exception ex) {
            close();
            throw new IllegalStateException("The platform did not start: " + ex.getMessage(), ex);
        }
        finally {
            waiters.shutdownNow();
        }
    }

    /**
     * Zipkin's server, in memory, the trace viewer every service exports to: under {@code make run}
     * unless {@code AGORA_TRACE_VIEWER=none}, elsewhere only with {@code AGORA_TRACE_VIEWER=zipkin}.
     */
    private ServiceProcess traceViewer() {
        String choice = options.environment().getOrDefault("AGORA_TRACE_VIEWER", options.fixedPorts() ? "zipkin" : "none");
        if (!choice.equals("zipkin")) {
            return null;
        }
        Path built = options.root().resolve(StartUpCache.TRACE_VIEWER_JAR);
        if (!Files.isRegularFile(built)) {
            notes.add("Trace viewer: " + built + " is missing (make build copies it); running without one.");
            return null;
        }
        Path jar = startUpCache == null ? built : startUpCache.jar(StartUpCache.TRACE_VIEWER);
        int port = port("Zipkin", 9411, true);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUERY_PORT", Integer.toString(port));
        env.put("STORAGE_TYPE", "mem");
        // Zipkin keeps 500,000 spans in memory by default: more than the 384 MB heap it runs with holds.
        // Past that (about 50,000 requests through make run, each sampled) it spends its time
        // collecting garbage, refuses spans and stops answering. 50,000 spans are the latest few
        // thousand requests; a run of 500,000 spans then goes in at full speed.
        env.put("MEM_MAX_SPANS", "50000");
        env.put("SELF_TRACING_ENABLED", "false");
        ServiceProcess viewer = new ServiceProcess(StartUpCache.TRACE_VIEWER, jar, port, env,
                options.dataDirectory().resolve("logs").resolve("zipkin.log"), "/health");
        if (startUpCache != null) {
            // Loading Zipkin's classes from its nested jar was most of the 9 CPU seconds it took of a start.
            List<String> flags = new ArrayList<>(ServiceProcess.START_UP_FLAGS);
            flags.addAll(startUpCache.flags(StartUpCache.TRACE_VIEWER));
            viewer.jvmFlags(flags);
        }
        return viewer;
    }

    /** Where the traces are shown, if a viewer runs. */
    public java.util.Optional<String> traceViewerUrl() {
        return java.util.Optional.ofNullable(traceViewer).map(viewer -> viewer.url() + "/zipkin/");
    }

    /** Zipkin's process, if a viewer runs (what its start costs is measured beside the services'). */
    java.util.Optional<ServiceProcess> traceViewerProcess() {
        return java.util.Optional.ofNullable(traceViewer);
    }

    /** Zipkin's API (for tests), if a viewer runs. */
    public java.util.Optional<String> traceApiUrl() {
        return java.util.Optional.ofNullable(traceViewer).map(viewer -> viewer.url() + "/api/v2");
    }

    private void startPostgres() {
        Map<String, String> env = options.environment();
        if (env.containsKey("AGORA_POSTGRES_HOST")) {
            postgresHost = env.get("AGORA_POSTGRES_HOST");
            postgresPort = Integer.parseInt(env.getOrDefault("AGORA_POSTGRES_PORT", "5432"));
            postgresUser = env.getOrDefault("AGORA_POSTGRES_USER", "postgres");
            postgresPassword = env.getOrDefault("AGORA_POSTGRES_PASSWORD", "");
        }
        else {
            postgres = EmbeddedPostgres.start(options.dataDirectory().resolve("postgres"), port("PostgreSQL", 5432, true),
                    postgresSettings);
            postgresHost = "127.0.0.1";
            postgresPort = postgres.port();
            postgresUser = postgres.username();
            postgresPassword = postgres.password();
        }
        for (Service service : SERVICES) {
            if (service.database() != null) {
                Databases.ensure(postgresHost, postgresPort, postgresUser, postgresPassword, service.database());
            }
        }
    }

    private void startRedis() {
        String external = options.environment().get("SPRING_DATA_REDIS_URL");
        if (external != null && !external.isBlank()) {
            redisUrl = external;
            return;
        }
        redis = EmbeddedRedis.start(port("Redis", 6379, true), options.dataDirectory().resolve("redis"));
        redisUrl = redis.url();
    }

    /**
     * MongoDB for review-svc and analytics-svc: an external one from {@code SPRING_MONGODB_URI}, else the
     * mongo-java-server stand-in (the one the tests use where Docker is missing), kept in an H2 file
     * under the data directory so that reviews survive restarts. It is not a real MongoDB; the
     * services keep to what both support.
     */
    private void startMongo() {
        String external = options.environment().get("SPRING_MONGODB_URI");
        if (external != null && !external.isBlank()) {
            mongoUri = external.replaceAll("/+$", "");
            return;
        }
        mongo = new MongoServer(new H2Backend(options.dataDirectory().resolve("mongo.mv").toString()));
        int port = port("MongoDB", 27017, true);
        mongo.bind("127.0.0.1", port);
        mongoUri = "mongodb://127.0.0.1:" + port;
    }

    /** SMTP for notification-svc: GreenMail (SMTP, and IMAP to read the mail) unless SPRING_MAIL_HOST points elsewhere. */
    private void startMail() {
        String external = options.environment().get("SPRING_MAIL_HOST");
        if (external != null && !external.isBlank()) {
            smtpHost = external;
            smtpPort = Integer.parseInt(options.environment().getOrDefault("SPRING_MAIL_PORT", "25"));
            return;
        }
        int smtp = port("GreenMail SMTP", 3025, true);
        int imap = port("GreenMail IMAP", 3143, true);
        mail = new GreenMail(new ServerSetup[] { new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP) });
        mail.start();
        smtpHost = "127.0.0.1";
        smtpPort = smtp;
    }

    private Map<String, String> environment(Service service, Path signingKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_DATA_REDIS_URL", redisUrl);
        if (service.database() != null) {
            env.put("SPRING_R2DBC_URL", "r2dbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + service.database());
            env.put("SPRING_R2DBC_USERNAME", postgresUser);
            env.put("SPRING_R2DBC_PASSWORD", postgresPassword);
        }
        if (service.name().equals("user-svc")) {
            env.put("AGORA_AUTH_ACTIVEKEYID", "dev-1");
            env.put("AGORA_AUTH_KEYS_0_ID", "dev-1");
            env.put("AGORA_AUTH_KEYS_0_PRIVATEKEYLOCATION", "file:" + signingKey);
            env.put("AGORA_BOOTSTRAP_ADMIN_EMAIL", credentials.adminEmail());
            env.put("AGORA_BOOTSTRAP_ADMIN_PASSWORD", credentials.adminPassword());
        }
        if (MONGO_DATABASES.containsKey(service.name())) {
            env.put("SPRING_MONGODB_URI", mongoUri + "/" + MONGO_DATABASES.get(service.name()));
        }
        if (service.name().equals("notification-svc")) {
            env.put("SPRING_MAIL_HOST", smtpHost);
            env.put("SPRING_MAIL_PORT", String.valueOf(smtpPort));
        }
        if (traceViewer != null) {
            env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", traceViewer.url() + "/api/v2/spans");
            env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true");
        }
        if (service.name().equals("gateway")) {
            // Nothing sits in front of the gateway locally: rate-limit by the peer address.
            env.put("AGORA_RATELIMIT_TRUSTEDPROXIES", "0");
        }
        return env;
    }

    private Path jarOf(String module) {
        return options.root().resolve(module).resolve("target").resolve(module + "-" + options.version() + "-exec.jar");
    }

    /** The signing key: given, or generated once and kept so that sessions survive restarts. */
    private Path signingKey() {
        try {
            Path secrets = options.dataDirectory().resolve("secrets");
            Files.createDirectories(secrets);
            Path key = secrets.resolve("jwt-signing-key.pem");
            if (options.signingKeyPem() != null) {
                Files.writeString(key, options.signingKeyPem());
            }
            else if (!Files.exists(key)) {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                String der = Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
                Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + der + "\n-----END PRIVATE KEY-----\n");
                Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            return key;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Services that call others and so need client credentials. */
    private static List<Service> callers() {
        return SERVICES.stream().filter(s -> !s.name().equals("user-svc") && !s.name().equals("gateway")).toList();
    }

    /** A service's client secret, generated on the first run and kept with the other secrets. */
    private String clientSecret(String service) {
        try {
            Path file = options.dataDirectory().resolve("secrets").resolve("client-" + service + ".secret");
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, HexFormat.of().formatHex(bytes));
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Stops the embedded PostgreSQL (fast shutdown: every connection is cut, as in a crash of the
     * database), waits, and starts it again on the same port and data; for fault tests.
     */
    public synchronized void restartPostgres(Duration down) {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is external; it cannot be restarted from here");
        }
        int port = postgres.port();
        postgres.close();
        pause(down);
        postgres = EmbeddedPostgres.start(options.dataDirectory().resolve("postgres"), port, postgresSettings);
    }

    /** Stops the embedded Redis, waits, and starts it again on the same port and data; for fault tests. */
    public synchronized void restartRedis(Duration down) {
        if (redis == null) {
            throw new IllegalStateException("Redis is external; it cannot be restarted from here");
        }
        redis.stop();
        pause(down);
        redis.start();
    }

    private static void pause(Duration down) {
        try {
            Thread.sleep(down);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    public ServiceProcess service(String name) {
        return processes.get(name);
    }

    public List<ServiceProcess> services() {
        return List.copyOf(processes.values());
    }

    /** The JVMs {@code make run}'s start-up cache serves: the services, and the trace viewer if one runs. */
    List<ServiceProcess> cachedProcesses() {
        List<ServiceProcess> all = new ArrayList<>(processes.values());
        if (traceViewer != null) {
            all.add(traceViewer);
        }
        return all;
    }

    public String gatewayUrl() {
        return processes.get("gateway").url();
    }

    public Credentials demoAccounts() {
        return credentials;
    }

    /** PostgreSQL's per-statement statistics, once it runs with {@link PgStatements#SETTINGS}. */
    PgStatements pgStatements() {
        return new PgStatements(postgresHost, postgresPort, postgresUser, postgresPassword);
    }

    public String postgresDescription() {
        return postgres != null ? "embedded PostgreSQL 17 on port " + postgresPort + " (data in "
                + options.dataDirectory().resolve("postgres") + ")" : "external PostgreSQL at " + postgresHost + ":" + postgresPort;
    }

    /** The embedded mail server, or null when an external SMTP server is used. */
    public GreenMail mailbox() {
        return mail;
    }

    public String mailDescription() {
        return mail != null ? "GreenMail: SMTP on port " + smtpPort + ", IMAP on port " + mail.getImap().getPort()
                + " (log in as the recipient address, with the address as password)" : "external SMTP at " + smtpHost + ":" + smtpPort;
    }

    public String mongoDescription() {
        return mongo != null ? "mongo-java-server stand-in (H2 file " + options.dataDirectory().resolve("mongo.mv")
                + ", not a real MongoDB) at " + mongoUri : "external MongoDB at " + mongoUri.replaceAll("//[^@/]*@", "//***@");
    }

    public String redisDescription() {
        return redis != null ? "embedded Redis on port " + redis.port() : "external Redis at " + redisUrl;
    }

    /**
     * Every running service's thread stacks, in a new folder beside the logs; answers the folder.
     * For a test whose request got no answer: the stacks show what the services were waiting for.
     */
    public Path dumpThreads() {
        Path dir = options.dataDirectory().resolve("logs").resolve("threads-" + System.currentTimeMillis());
        processes.values().forEach(process -> process.dumpThreads(dir.resolve(process.name() + ".txt")));
        return dir;
    }

    /** Stops the services (gateway first), then the datastores. */
    @Override
    public synchronized void close() {
        // Once: a run may close it itself and again from its shutdown hook.
        if (closed) {
            return;
        }
        closed = true;
        // The gateway first, so that nothing new comes in; then every service at once: each drains on
        // its own, and one after another they took about 2.5 s each.
        ServiceProcess gateway = processes.get("gateway");
        if (gateway != null) {
            gateway.stop();
        }
        List<ServiceProcess> rest = new ArrayList<>(processes.values());
        rest.forEach(ServiceProcess::signalStop);
        rest.forEach(ServiceProcess::stop);
        // Last: the services send it their last spans as they stop.
        if (traceViewer != null) {
            traceViewer.stop();
        }
        if (mail != null) {
            mail.stop();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
