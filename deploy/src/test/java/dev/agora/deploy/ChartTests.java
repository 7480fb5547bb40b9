package dev.agora.deploy;

import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The charts as Helm sees them: lint, render with each values profile, and the schema's verdicts. */
class ChartTests {

    @Test
    void lintFindsNothingInEitherChart() {
        EmptyCluster.start();
        for (var chart : List.of(Render.CHARTS.platformChart(), Render.CHARTS.libraryChart())) {
            LintResult lint = new Helm(chart).lint().strict().call();
            assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
            assertThat(lint.getMessages()).as(chart.toString())
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void everyDocumentParsesIntoATypedObject(List<String> values) {
        List<HasMetadata> objects = Render.objects(values, Map.of());
        assertThat(objects).hasSizeGreaterThan(50);
        assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    }

    @Test
    void theDevProfileRunsOneReplicaOfEachServiceWithoutAutoscaling() {
        List<HasMetadata> objects = Render.objects(List.of("values-dev.yaml"), Map.of());
        var deployments = Workloads.ofKind(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class);
        assertThat(deployments).hasSize(10).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        assertThat(Workloads.ofKind(objects, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void theSchemaRejectsWrongValuesWithTheirPath() {
        // The message names the offending value by its JSON pointer (or, for a key, by the key).
        Map<String, String> wrong = Map.of(
                "image.tag=v1:2", "/image/tag",
                "ingress.scheme=public", "/ingress/scheme",
                "services.gateway.replicas=0", "/services/gateway/replicas",
                "externalPostgresql.sslMode=sometimes", "/externalPostgresql/sslMode",
                "networkPolicy.albCidrs[0]=everywhere", "/networkPolicy/albCidrs/0",
                "serviceDefaults.config.db_password=x", "'db_password' does not match pattern",
                "services.shop-svc.enabled=true", "/services",
                "metrics.prometheusRule.availabilityObjective=1.5", "/metrics/prometheusRule/availabilityObjective",
                "ingress.certificateArn=my-cert", "/ingress/certificateArn");
        wrong.forEach((set, path) -> {
            String[] kv = set.split("=", 2);
            assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of(kv[0], kv[1])))
                .as(set)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(path);
        });
    }

    @Test
    void aLatestTagFailsTheRender() {
        for (String key : List.of("image.tag", "postgresql.image.tag", "namespace.labelHook.image.tag")) {
            assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of(key, "latest")))
                .as(key)
                .hasMessageContaining("tag \"latest\" is not allowed; use a release version or a git sha");
        }
    }

    @Test
    void externalDatastoresNeedTheirNetworks() {
        assertThatThrownBy(() -> Render.CHARTS.render(List.of(),
                Map.of("postgresql.enabled", "false", "externalPostgresql.host", "db.example.com")))
            .hasMessageContaining("externalPostgresql.cidrs");
        assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of("redis.enabled", "false")))
            .hasMessageContaining("externalRedis.host is required");
    }
}
