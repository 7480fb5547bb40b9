package dev.agora.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ALB ingress, namespace labels, secrets handling, external datastores and the monitoring objects. */
class EdgeAndObservabilityTests {

    private static final String ALB = "alb.ingress.kubernetes.io/";

    @Test
    void theProductionIngressIsAnHttpsAlbWithWafAndAGroupThatSendsApiToTheGatewayAndTheRestToTheWebApp() {
        Ingress ingress = Workloads.named(Render.objects(List.of("values-prod.yaml"), Map.of()), Ingress.class, "agora");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertThat(a).containsEntry(ALB + "scheme", "internet-facing")
            .containsEntry(ALB + "target-type", "ip")
            .containsEntry(ALB + "healthcheck-path", "/actuator/health/readiness")
            .containsEntry(ALB + "listen-ports", "[{\"HTTP\": 80}, {\"HTTPS\": 443}]")
            .containsEntry(ALB + "ssl-redirect", "443")
            .containsEntry(ALB + "group.name", "agora")
            .containsKey(ALB + "ssl-policy");
        assertThat(a.get(ALB + "certificate-arn")).startsWith("arn:aws:acm:");
        assertThat(a.get(ALB + "wafv2-acl-arn")).startsWith("arn:aws:wafv2:");
        var rule = ingress.getSpec().getRules().getFirst();
        assertThat(rule.getHost()).isEqualTo("shop.example.com");
        assertThat(rule.getHttp().getPaths()).hasSize(2).first().satisfies(p -> {
            assertThat(p.getPath()).isEqualTo("/api");
            assertThat(p.getPathType()).isEqualTo("Prefix");
            assertThat(p.getBackend().getService().getName()).isEqualTo("gateway");
            assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        assertThat(rule.getHttp().getPaths().get(1)).satisfies(p -> {
            assertThat(p.getPath()).isEqualTo("/");
            assertThat(p.getBackend().getService().getName()).isEqualTo("frontend");
        });
    }

    @Test
    void withoutACertificateTheIngressListensOnHttpOnlyAndHasNoWafOrGroup() {
        Ingress ingress = Workloads.named(Render.objects(List.of(), Map.of()), Ingress.class, "agora");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(ALB + "listen-ports", "[{\"HTTP\": 80}]")
            .doesNotContainKeys(ALB + "certificate-arn", ALB + "ssl-redirect", ALB + "wafv2-acl-arn", ALB + "group.name");
    }

    @Test
    void theNamespaceGetsPodSecurityRestrictedAndTheReadinessGateLabel() {
        var hook = Render.objects(List.of(), Map.of("namespace.labelHook.helmHook", "false"));
        Job job = Workloads.named(hook, Job.class, "agora-namespace-labels");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
            .containsSequence("label", "namespace", "agora", "--overwrite")
            .contains("pod-security.kubernetes.io/enforce=restricted", "elbv2.k8s.aws/pod-readiness-gate-inject=enabled");
        ClusterRole role = Workloads.ofKind(hook, ClusterRole.class).getFirst();
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("namespaces");
            assertThat(r.getResourceNames()).containsExactly("agora");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch");
        });
        var created = Render.objects(List.of(), Map.of("namespace.create", "true"));
        Namespace ns = Workloads.named(created, Namespace.class, "agora");
        assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted")
            .containsEntry("elbv2.k8s.aws/pod-readiness-gate-inject", "enabled");
        assertThat(Workloads.ofKind(created, Job.class)).noneMatch(j -> j.getMetadata().getName().contains("namespace-labels"));
    }

    @Test
    void anExistingSecretReplacesTheGeneratedOneEverywhere() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        assertThat(Workloads.ofKind(objects, Secret.class)).isEmpty();
        assertThat(Workloads.of(objects).secretKeys()).isNotEmpty()
            .allSatisfy(k -> assertThat(k.secret()).as(k.workload()).isEqualTo("agora-credentials"));
        var user = Workloads.named(objects, Deployment.class, "user-svc").getSpec().getTemplate().getSpec();
        assertThat(user.getVolumes()).filteredOn(v -> v.getSecret() != null)
            .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("agora-credentials"));
    }

    @Test
    void theGeneratedSecretHoldsEveryKeyTheWorkloadsReferenceAndAReadableSigningKey() {
        var objects = Render.objects(List.of(), Map.of());
        Secret secret = Workloads.named(objects, Secret.class, "agora-secrets");
        assertThat(Workloads.of(objects).secretKeys())
            .allSatisfy(k -> assertThat(secret.getData()).as(k.workload()).containsKey(k.key()));
        String pem = new String(java.util.Base64.getDecoder().decode(secret.getData().get("jwt-signing-key.pem")));
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        String sha = new String(java.util.Base64.getDecoder().decode(secret.getData().get("client-secret-sha256-order-svc")));
        String clientSecret = new String(java.util.Base64.getDecoder().decode(secret.getData().get("client-secret-order-svc")));
        assertThat(sha).isEqualTo(Workloads.sha256Hex(clientSecret));
    }

    @Test
    void theProductionProfilePinsAnImmutableImageAndNamesAStorageClass() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        assertThat(Workloads.ofKind(objects, Deployment.class)).isNotEmpty().allSatisfy(d -> assertThat(
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
            .as(d.getMetadata().getName()).matches(".*:\\d+\\.\\d+\\.\\d+-[0-9a-f]{12}").doesNotContain("SNAPSHOT"));
        // New EKS clusters have no default StorageClass: in-cluster datastores in production name gp3.
        var inCluster = Render.objects(List.of("values-prod.yaml"), Map.of("postgresql.enabled", true));
        var postgres = Workloads.ofKind(inCluster, StatefulSet.class);
        assertThat(postgres).singleElement().satisfies(set -> assertThat(set.getMetadata().getName()).endsWith("postgresql"));
        assertThat(postgres.getFirst().getSpec().getVolumeClaimTemplates()).singleElement()
            .satisfies(claim -> assertThat(claim.getSpec().getStorageClassName()).isEqualTo("gp3"));
    }

    @Test
    void externalDatastoresReplaceTheInClusterOnes() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        assertThat(Workloads.ofKind(objects, StatefulSet.class)).isEmpty();
        var order = Workloads.named(objects, ConfigMap.class, "order-svc");
        assertThat(order.getData().get("SPRING_R2DBC_URL"))
            .isEqualTo("r2dbc:postgresql://agora.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/orderdb?sslMode=verify-full"
                    + "&sslRootCert=/etc/agora/datastore-ca/ca.pem");
        var env = Workloads.named(objects, Deployment.class, "review-svc").getSpec().getTemplate().getSpec().getContainers()
            .getFirst().getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SPRING_MONGODB_URI");
            assertThat(e.getValue()).startsWith("mongodb://review_svc:$(MONGODB_PASSWORD)@agora.cluster-")
                .contains("/reviewdb?tls=true");
        });
        assertThat(env).anySatisfy(e -> assertThat(e.getValue()).isEqualTo(
                "rediss://:$(REDIS_PASSWORD)@master.agora.abcdef.euw1.cache.amazonaws.com:6379"));
        var policy = Workloads.named(objects, NetworkPolicy.class, "order-svc");
        assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getTo().getFirst().getIpBlock() != null).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.32.0/20"));
            assertThat(rule.getPorts().getFirst().getPort().getIntVal()).isEqualTo(5432);
        });
    }

    @Test
    void everyServiceSamplesAndExportsItsSpansToACollectorItMayReach() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        for (String name : List.of("gateway", "user-svc", "order-svc", "inventory-svc", "payment-svc", "notification-svc",
                "analytics-svc")) {
            assertThat(Workloads.named(objects, ConfigMap.class, name).getData()).as(name)
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1")
                .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
                        "http://otel-collector.monitoring:4318/v1/traces");
            var egress = Workloads.named(objects, NetworkPolicy.class, name).getSpec().getEgress();
            assertThat(egress).as(name).anySatisfy(rule -> {
                assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(4318));
                assertThat(rule.getTo().getFirst().getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring");
                assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "opentelemetry-collector");
            });
        }
        String datasource = Workloads.named(objects, ConfigMap.class, "agora-tracing-datasource").getData()
            .get("agora-traces.yaml");
        assertThat(datasource).contains("type: tempo", "url: http://tempo.monitoring:3100", "uid: agora-traces");
        assertThat(Workloads.named(objects, ConfigMap.class, "agora-tracing-datasource").getMetadata().getLabels())
            .containsEntry("grafana_datasource", "1");

        // Without a collector: ids in logs and problems, every request traced locally, nothing exported or opened.
        var plain = Render.objects(List.of(), Map.of());
        assertThat(Workloads.named(plain, ConfigMap.class, "order-svc").getData())
            .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1")
            .doesNotContainKey("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
        assertThat(Workloads.named(plain, NetworkPolicy.class, "order-svc").getSpec().getEgress())
            .noneSatisfy(rule -> assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(4318)));
        assertThat(plain).noneSatisfy(o -> assertThat(o.getMetadata().getName()).isEqualTo("agora-tracing-datasource"));
        assertThatThrownBy(() -> Render.CHARTS.render(List.of(), Map.of("tracing.grafana.enabled", true)))
            .hasMessageContaining("tracing.grafana.url");
        // Without a port in the URL, the scheme's; digits ending a host name are not a port.
        var portless = Render.objects(List.of(), Map.of("tracing.otlp.endpoint", "https://collector2/v1/traces"));
        assertThat(Workloads.named(portless, NetworkPolicy.class, "order-svc").getSpec().getEgress())
            .anySatisfy(rule -> assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(443)));
    }

    @Test
    void theDatastoreCaBundleIsMountedWhereverAnExternalDatastoreIsVerified() {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        for (String name : List.of("user-svc", "order-svc", "review-svc", "analytics-svc")) {
            var pod = Workloads.named(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).as(name).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("datastore-ca");
                assertThat(v.getConfigMap().getName()).isEqualTo("rds-ca");
            });
            assertThat(pod.getContainers().getFirst().getVolumeMounts()).as(name).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/agora/datastore-ca");
                assertThat(m.getReadOnly()).isTrue();
            });
        }
        // No datastore, no bundle.
        assertThat(Workloads.named(objects, Deployment.class, "gateway").getSpec().getTemplate().getSpec().getVolumes())
            .noneSatisfy(v -> assertThat(v.getName()).isEqualTo("datastore-ca"));
        // MongoDB's driver trusts it through an SSL bundle.
        assertThat(Workloads.named(objects, ConfigMap.class, "review-svc").getData())
            .containsEntry("SPRING_SSL_BUNDLE_PEM_DATASTORE_TRUSTSTORE_CERTIFICATE", "file:/etc/agora/datastore-ca/ca.pem")
            .containsEntry("SPRING_MONGODB_SSL_ENABLED", "true")
            .containsEntry("SPRING_MONGODB_SSL_BUNDLE", "datastore");
        assertThat(Workloads.named(objects, ConfigMap.class, "order-svc").getData())
            .doesNotContainKey("SPRING_MONGODB_SSL_BUNDLE");
        // The DB-init job's psql and mongosh too.
        var job = Workloads.named(objects, Job.class, "agora-db-init-1").getSpec().getTemplate().getSpec();
        assertThat(job.getContainers()).allSatisfy(c -> assertThat(c.getVolumeMounts())
            .anySatisfy(m -> assertThat(m.getName()).isEqualTo("datastore-ca")));
        assertThat(job.getContainers().getFirst().getEnv())
            .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("PGSSLROOTCERT=/etc/agora/datastore-ca/ca.pem"));
        assertThat(job.getContainers().get(1).getEnv())
            .anySatisfy(e -> assertThat(e.getValue()).endsWith("&tlsCAFile=/etc/agora/datastore-ca/ca.pem"));
        // verify-full without a bundle cannot connect: the render says so instead.
        assertThatThrownBy(() -> Render.CHARTS.render(List.of("values-prod.yaml"),
                Map.of("datastoreCa.configMap", "", "metrics.assumeOperatorApi", true)))
            .hasMessageContaining("externalPostgresql.sslMode verify-full checks the server's certificate against a CA bundle");
    }

    @Test
    void monitoringObjectsCoverEveryServiceWithAlertsAndThreeDashboards() throws Exception {
        var objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        var monitors = Workloads.ofKind(objects, ServiceMonitor.class);
        assertThat(monitors).hasSize(9).allSatisfy(m -> {
            assertThat(m.getSpec().getEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.getPort()).isEqualTo("http");
                assertThat(e.getPath()).isEqualTo("/actuator/prometheus");
            });
            assertThat(m.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        });
        PrometheusRule rule = Workloads.ofKind(objects, PrometheusRule.class).getFirst();
        var alerts = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).map(r -> r.getAlert()).toList();
        assertThat(alerts).contains("AgoraErrorBudgetBurn", "AgoraLatencyBudgetBurn", "AgoraPodRestarting",
                "AgoraCircuitBreakerOpen", "AgoraOutboxBacklogGrowing", "AgoraDeadLetteredEvents");
        assertThat(alerts.stream().filter("AgoraErrorBudgetBurn"::equals)).hasSize(4);
        var groups = rule.getSpec().getGroups();
        var ratios = groups.stream().filter(g -> g.getName().equals("agora-slo-ratios")).findFirst().orElseThrow().getRules();
        assertThat(ratios).hasSize(14).anySatisfy(r -> {
            assertThat(r.getRecord()).isEqualTo("agora:http_errors:ratio_rate1h");
            assertThat(r.getExpr().getStrVal()).contains("[1h]", "status=~\"5..\"");
        });
        var burn = groups.stream().filter(g -> g.getName().equals("agora-slo")).findFirst().orElseThrow().getRules().getFirst();
        assertThat(burn.getExpr().getStrVal()).contains("agora:http_errors:ratio_rate1h", "agora:http_errors:ratio_rate5m",
                "(14.4 * (1 - 0.999))");
        // 1 - 0.999 as a float: integer arithmetic (sub) printed "%!f(int64=0001)".
        assertThat(burn.getAnnotations().get("description")).contains("14.4 x 0.0010").doesNotContain("%!");
        var down = groups.stream().flatMap(g -> g.getRules().stream()).filter(r -> "AgoraTargetDown".equals(r.getAlert()))
            .toList();
        assertThat(down).hasSize(9).anySatisfy(r -> assertThat(r.getExpr().getStrVal()).contains("job=\"order-svc\""));
        assertThat(groups.stream().flatMap(g -> g.getRules().stream()).filter(r -> r.getAlert() != null))
            .allSatisfy(r -> assertThat(r.getAnnotations().get("runbook_url"))
                .startsWith("https://github.com/agora-platform/agora/blob/main/docs/runbooks.md#agora"));
        String runbooks = java.nio.file.Files.readString(Render.ROOT.resolve("docs/runbooks.md"));
        assertThat(alerts.stream().filter(java.util.Objects::nonNull).distinct()).allSatisfy(alert -> assertThat(runbooks).as("a runbook section for " + alert).contains("\n## " + alert + "\n"));
        var dashboards = Workloads.ofKind(objects, ConfigMap.class).stream()
            .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))).toList();
        assertThat(dashboards).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        for (ConfigMap d : dashboards) {
            var doc = json.readTree(d.getData().values().iterator().next());
            assertThat(doc.path("panels").size()).as(d.getMetadata().getName()).isGreaterThanOrEqualTo(6);
            assertThat(doc.path("uid").asText()).startsWith("agora-");
        }
        var none = Render.objects(List.of(), Map.of());
        assertThat(Workloads.ofKind(none, ServiceMonitor.class)).isEmpty();
        assertThat(Workloads.ofKind(none, PrometheusRule.class)).isEmpty();
    }

    @Test
    void underArgoCdTheDbInitJobRunsAgainOnEverySyncInsteadOfClashingWithItsImmutableSelf() {
        Job job = Workloads.named(Render.objects(List.of(), Map.of()), Job.class, "agora-db-init-1");
        assertThat(job.getMetadata().getAnnotations())
            .containsEntry("argocd.argoproj.io/hook", "Sync")
            .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation")
            // Helm itself keeps treating it as an ordinary object, one per revision.
            .doesNotContainKey("helm.sh/hook");
    }

    @Test
    void monitoringObjectsNeedAClusterThatServesThePrometheusOperatorApi() {
        // helm template without --api-versions: the chart does not know the Operator is there.
        assertThatThrownBy(() -> Render.CHARTS.render(List.of("values-prod.yaml"), Map.of()))
            .hasMessageContaining("need the Prometheus Operator (monitoring.coreos.com/v1)")
            .hasMessageContaining("--api-versions monitoring.coreos.com/v1");
        // Without them enabled, the chart renders anywhere.
        assertThat(Render.CHARTS.render(List.of("values-prod.yaml"),
                Map.of("metrics.serviceMonitor.enabled", false, "metrics.prometheusRule.enabled", false)))
            .doesNotContain("kind: ServiceMonitor", "kind: PrometheusRule").contains("kind: Deployment");
    }
}
