package dev.agora.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ALB's deregistration delay and the gateway's draining time follow from the gateway's own
 * route timeouts and retries, not from the preStop sleep: a request the ALB sent to a pod just
 * before deregistering it may run that long, and must still be answered.
 */
class GatewayTimeoutsTests {

    @Test
    void theLongestRequestInTheChartIsTheOneTheGatewayConfigurationAllows() throws IOException {
        JsonNode gateway = new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Render.ROOT.resolve("gateway/src/main/resources/application.yml")))
            .path("spring").path("cloud").path("gateway").path("server").path("webflux");
        long defaultTimeout = millis(gateway.path("httpclient").path("response-timeout").asText());
        JsonNode retry = StreamSupport.stream(gateway.path("default-filters").spliterator(), false)
            .filter(f -> "Retry".equals(f.path("name").asText())).findFirst().orElseThrow().path("args");
        int retries = retry.path("retries").asInt();
        String retried = retry.path("methods").asText();
        long backoff = 0;
        long next = millis(retry.path("backoff").path("first-backoff").asText());
        for (int i = 0; i < retries; i++) {
            backoff += Math.min(next, millis(retry.path("backoff").path("max-backoff").asText()));
            next *= retry.path("backoff").path("factor").asLong();
        }
        long totalBackoff = backoff;
        // A route is tried again only for the methods the Retry filter names: one limited to others is tried once.
        long longestMillis = StreamSupport.stream(gateway.path("routes").spliterator(), false)
            .mapToLong(r -> {
                long timeout = r.path("metadata").has("response-timeout")
                        ? r.path("metadata").path("response-timeout").asLong() : defaultTimeout;
                boolean triedAgain = StreamSupport.stream(r.path("predicates").spliterator(), false)
                    .map(JsonNode::asText).filter(p -> p.startsWith("Method="))
                    .allMatch(p -> List.of(p.substring("Method=".length()).split(",")).contains(retried));
                return triedAgain ? timeout * (retries + 1) + totalBackoff : timeout;
            })
            .max().orElseThrow();
        long longest = (long) Math.ceil(longestMillis / 1000.0);

        JsonNode values = new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Render.ROOT.resolve("helm/agora/values.yaml")));
        assertThat(values.path("ingress").path("longestRequestSeconds").asLong())
            .as("ingress.longestRequestSeconds: the longest route, tried %d times if it may be", retries + 1)
            .isEqualTo(longest);
    }

    @Test
    void theAlbWaitsForTheLongestRequestAndTheGatewayOutlastsIt() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        Ingress ingress = Workloads.named(objects, Ingress.class, "agora");
        assertThat(ingress.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/target-group-attributes", "deregistration_delay.timeout_seconds=46");
        Deployment gateway = Workloads.named(objects, Deployment.class, "gateway");
        // preStop 10 s + shutdown phase 40 s + 10 s to spare
        assertThat(gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60L);
        assertThat(Workloads.ofKind(objects, ConfigMap.class))
            .filteredOn(c -> c.getMetadata().getName().startsWith("gateway"))
            .anySatisfy(c -> assertThat(c.getData()).containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "40s"));
    }

    @Test
    void aGatewayThatWouldStopBeforeItsLongestRequestEndsFailsTheRender() {
        assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of("services.gateway.shutdownPhaseSeconds", "20")))
            .hasMessageContaining("must be at least ingress.longestRequestSeconds (46)");
        assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of("ingress.idleTimeoutSeconds", "30")))
            .hasMessageContaining("must be longer than ingress.longestRequestSeconds");
    }

    private static long millis(String duration) {
        if (duration.endsWith("ms")) {
            return Long.parseLong(duration.substring(0, duration.length() - 2));
        }
        if (duration.endsWith("s")) {
            return Long.parseLong(duration.substring(0, duration.length() - 1)) * 1000;
        }
        return Long.parseLong(duration);
    }
}
