package dev.agora.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/ is the chart rendered for kubectl users; it must not drift from the chart. */
class K8sManifestsTests {

    private static final Path K8S = Render.ROOT.resolve("k8s");

    @Test
    void theCommittedManifestsAreWhatTheChartRendersNow() throws Exception {
        Map<String, String> fresh = K8sManifests.render(Render.ROOT);
        for (var file : fresh.entrySet()) {
            Path committed = K8S.resolve(file.getKey());
            assertThat(committed).as("k8s/%s is missing: run make k8s", file.getKey()).exists();
            assertThat(Files.readString(committed)).as("k8s/%s differs from the chart: run make k8s", file.getKey())
                .isEqualTo(file.getValue());
        }
        try (var files = Files.list(K8S)) {
            Set<String> generated = files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".yaml") && !n.equals("chart-values.yaml")).collect(Collectors.toSet());
            assertThat(generated).as("files in k8s/ the chart no longer makes: run make k8s").isEqualTo(fresh.keySet());
        }
    }

    @Test
    void theManifestsCreateTheLabelledNamespaceAndNoSecret() {
        List<HasMetadata> objects = manifests();
        assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
        assertThat(Workloads.ofKind(objects, Secret.class)).isEmpty();
        assertThat(Workloads.named(objects, Namespace.class, "agora").getMetadata().getLabels())
            .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
            .containsEntry("elbv2.k8s.aws/pod-readiness-gate-inject", "enabled");
    }

    @Test
    void theSecretsScriptWritesEveryKeyTheManifestsReference(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("generate-secrets.sh");
        Files.copy(K8S.resolve("generate-secrets.sh"), script);
        Process p = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("secrets.env"))) {
            env.load(in);
        }
        Set<String> provided = new HashSet<>(env.stringPropertyNames());
        provided.add("jwt-signing-key.pem");
        assertThat(Files.readString(dir.resolve("jwt-signing-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        Set<String> referenced = new HashSet<>();
        Workloads.of(manifests()).secretKeys().forEach(key -> referenced.add(key.key()));
        assertThat(referenced).contains("jwt-signing-key.pem", "redis-password", "client-secret-sha256-order-svc");
        assertThat(provided).containsAll(referenced);
        String secret = env.getProperty("client-secret-order-svc");
        assertThat(env.getProperty("client-secret-sha256-order-svc")).isEqualTo(Workloads.sha256Hex(secret));
    }

    private static List<HasMetadata> manifests() {
        return K8sManifests.render(Render.ROOT).entrySet().stream().filter(e -> !e.getKey().equals("kustomization.yaml"))
            .flatMap(e -> Manifests.parse(e.getValue()).stream()).toList();
    }
}
