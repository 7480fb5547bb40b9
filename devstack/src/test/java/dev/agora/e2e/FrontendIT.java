package dev.agora.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.devstack.Contract;
import dev.agora.devstack.Platform;
import dev.agora.devstack.WebServer;
import dev.agora.testsupport.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The face of the platform against the real thing: the committed contract is what the services
 * publish, the TypeScript client works against the gateway, and the web app works in Debian's
 * Chromium (frontend/e2e, Playwright), with the confirmation email checked here at GreenMail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrontendIT {

    private static final TokenForge FORGE = TokenForge.newKey("frontend-e2e");
    private static final Path ROOT = Path.of(System.getProperty("agora.services.dir"));
    private static final Path TARGET = ROOT.resolve("devstack/target");

    private static Platform platform;
    private static WebServer web;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(TARGET, "frontend-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        platform = new Platform(new Platform.Options(ROOT, System.getProperty("agora.version"), data, false, Map.of(),
                FORGE.privateKeyPem(), Map.of(
                        "gateway", Map.of("AGORA_RATELIMIT_REPLENISHRATE", "100000", "AGORA_RATELIMIT_BURSTCAPACITY", "200000"),
                        "user-svc", Map.of("AGORA_AUTH_ACTIVEKEYID", FORGE.kid(), "AGORA_AUTH_KEYS_0_ID", FORGE.kid()),
                        "analytics-svc", Map.of("AGORA_ANALYTICS_DASHBOARDTTL", "1s"))));
        platform.start();
        Path dist = ROOT.resolve("frontend/dist");
        assertThat(dist.resolve("index.html")).as("the web app is built by `make test` (npm run build) before Maven runs").exists();
        web = new WebServer(dist, platform.gatewayUrl(), 0).start();
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void theCommittedContractIsWhatTheServicesPublish() throws Exception {
        Path file = ROOT.resolve("frontend-contract/openapi.yaml");
        Object committed = new Yaml().load(Files.readString(file));
        // Through YAML and back, so both sides have the same scalar types.
        Object live = new Yaml().load(Contract.yaml(Contract.merge(Contract.fetch(platform))));
        List<String> differences = Contract.differences(committed, live);
        assertThat(differences)
            .as("frontend-contract/openapi.yaml differs from what the services publish; run `make contract` and commit it. "
                    + "First differences:%n%s", String.join("\n", differences.subList(0, Math.min(20, differences.size()))))
            .isEmpty();
    }

    @Test
    @Order(2)
    void theTypeScriptClientWorksAgainstTheGateway() throws Exception {
        run("client", List.of("npm", "run", "test:platform", "-w", "@agora/client"), Map.of());
    }

    @Test
    @Order(3)
    void aShopperAVendorAndAnAdminUseTheWebAppInChromium() throws Exception {
        assertThat(Path.of("/usr/bin/chromium"))
            .as("Debian's chromium runs the browser tests: `apt-get install chromium` (.ci/run does it)").exists();
        Path result = TARGET.resolve("e2e-result.json");
        Files.deleteIfExists(result);
        run("browser", List.of("npm", "run", "e2e", "-w", "@agora/web"), Map.of("AGORA_WEB_URL", web.url(),
                "AGORA_E2E_RESULT", result.toString(), "AGORA_SCREENSHOTS", ROOT.resolve("frontend/target/screenshots").toString(),
                "AGORA_IMAP_PORT", String.valueOf(platform.mailbox().getImap().getPort())));

        JsonNode outcome = JsonMapper.builder().build().readTree(result.toFile());
        String shopper = outcome.path("shopperEmail").asString();
        String reference = outcome.path("orderReference").asString();
        assertThat(reference).matches("AG-[0-9A-Z]{4}-[0-9A-Z]{4}");
        // The order confirmed in the browser reaches the shopper's mailbox, with its reference.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (confirmations(shopper, reference) == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(confirmations(shopper, reference)).as("confirmation emails to %s naming %s", shopper, reference).isEqualTo(1);
    }

    private static long confirmations(String to, String reference) {
        return Arrays.stream(platform.mailbox().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.toString(m.getAllRecipients()).contains(to) && m.getSubject().contains(reference);
            }
            catch (jakarta.mail.MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }).count();
    }

    /** Runs an npm script of the repository with the platform's addresses; its output goes to target/npm-<name>.log. */
    private static void run(String name, List<String> command, Map<String, String> extra) throws IOException, InterruptedException {
        Path log = TARGET.resolve("npm-" + name + ".log");
        Platform.Credentials accounts = platform.demoAccounts();
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("AGORA_GATEWAY_URL", platform.gatewayUrl(),
                "AGORA_ADMIN_EMAIL", accounts.adminEmail(), "AGORA_ADMIN_PASSWORD", accounts.adminPassword(),
                "AGORA_TEST_SIGNING_KEY", FORGE.privateKeyPem(), "AGORA_TEST_KEY_ID", FORGE.kid(), "CI", "true"));
        builder.environment().putAll(extra);
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished && process.exitValue() == 0)
            .as("%s failed (full output in %s):%n%s", String.join(" ", command), log,
                    output.substring(Math.max(0, output.length() - 6000)))
            .isTrue();
    }
}
