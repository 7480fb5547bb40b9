package dev.agora.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every workload of every profile must be, read from the typed objects the chart renders. */
class WorkloadTests {

    private static List<HasMetadata> render(List<String> values) {
        // The label hook as plain objects, so its pod is checked like the rest.
        return Render.objects(values, Map.of("namespace.labelHook.helmHook", "false"));
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void everyPodRunsUnderPodSecurityRestrictedWithAReadOnlyRootAndAWritableTmp(List<String> values) {
        var workloads = Workloads.of(render(values)).all();
        assertThat(workloads).hasSizeGreaterThanOrEqualTo(10);
        for (var w : workloads) {
            var pod = w.pod().getSpec();
            var psc = pod.getSecurityContext();
            assertThat(psc.getRunAsNonRoot()).as(w.name()).isTrue();
            assertThat(psc.getRunAsUser()).as(w.name()).isNotNull().isNotZero();
            assertThat(psc.getSeccompProfile().getType()).as(w.name()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as(w.name()).isNotEqualTo(Boolean.TRUE);
            for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                String where = w.name() + " " + c.getName();
                assertThat(sc.getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(sc.getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop()).as(where).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(where).isNullOrEmpty();
                assertThat(sc.getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(sc.getRunAsUser()).as(where).isNotZero();
                String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(where + " has no /tmp"));
                assertThat(pod.getVolumes()).as(where)
                    .anySatisfy(v -> assertThat(v.getName()).isEqualTo(tmpVolume).satisfies(n -> assertThat(v.getEmptyDir()).isNotNull()));
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(c.getResources().getRequests()).as(where + " requests").containsKey(resource);
                    assertThat(c.getResources().getLimits()).as(where + " limits").containsKey(resource);
                }
                assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")))
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")));
                assertThat(c.getImage()).as(where).matches("[^:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[0-9a-f]{64})")
                    .doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void everyServiceProbesTheActuatorHealthGroupsAndDrainsBeforeItStops(List<String> values) {
        List<HasMetadata> objects = render(values);
        var deployments = Workloads.ofKind(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("gateway", "user-svc",
                "product-svc", "inventory-svc", "payment-svc", "order-svc", "notification-svc", "review-svc", "analytics-svc",
                "frontend");
        for (Deployment d : deployments.stream().filter(d -> !d.getMetadata().getName().equals("frontend")).toList()) {
            String name = d.getMetadata().getName();
            var pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().getFirst();
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertProbe(name, c.getStartupProbe(), "/actuator/health/liveness");
            assertProbe(name, c.getLivenessProbe(), "/actuator/health/liveness");
            assertProbe(name, c.getReadinessProbe(), "/actuator/health/readiness");
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            assertThat(preStop).as(name).isPositive();
            ConfigMap config = Workloads.named(objects, ConfigMap.class, name);
            String phase = config.getData().get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE");
            assertThat(phase).as(name).endsWith("s");
            long shutdown = Long.parseLong(phase.substring(0, phase.length() - 1));
            assertThat(pod.getTerminationGracePeriodSeconds()).as(name).isGreaterThan(preStop + shutdown);
            assertThat(config.getData()).containsEntry("SERVER_PORT", "8080");
            assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(name));
            assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
            assertThat(pod.getTopologySpreadConstraints()).extracting(t -> t.getTopologyKey())
                .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            assertThat(Workloads.named(objects, ServiceAccount.class, pod.getServiceAccountName()).getAutomountServiceAccountToken())
                .isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void theWebAppIsAnUnprivilegedStaticServerTheAlbSendsEverythingButTheApiTo(List<String> values) {
        List<HasMetadata> objects = render(values);
        Deployment web = Workloads.named(objects, Deployment.class, "frontend");
        var pod = web.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();
        assertThat(c.getImage()).contains("/frontend:");
        assertProbe("frontend", c.getLivenessProbe(), "/healthz");
        assertProbe("frontend", c.getReadinessProbe(), "/healthz");
        assertThat(c.getLifecycle().getPreStop().getSleep().getSeconds()).isPositive();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(c.getEnv()).isNullOrEmpty();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Service service = Workloads.named(objects, Service.class, "frontend");
        assertThat(service.getMetadata().getAnnotations()).containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/healthz");
        Workloads.named(objects, PodDisruptionBudget.class, "frontend");
        var policy = Workloads.named(objects, NetworkPolicy.class, "frontend");
        assertThat(policy.getSpec().getEgress()).as("static files call nothing").isNullOrEmpty();
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
        });
        // The dev profile has no ALB (local clusters rarely run its controller).
        for (Ingress ingress : Workloads.ofKind(objects, Ingress.class)) {
            var paths = ingress.getSpec().getRules().getFirst().getHttp().getPaths();
            assertThat(paths).extracting(p -> p.getPath() + " -> " + p.getBackend().getService().getName())
                .containsExactly("/api -> gateway", "/ -> frontend");
        }
        assertThat(Workloads.ofKind(objects, Ingress.class)).hasSize(values.contains("values-dev.yaml") ? 0 : 1);
    }

    @Test
    void linksInEmailsLeadToTheShopsOwnAddress() {
        assertThat(notificationConfig(Map.of("ingress.host", "shop.example.com")))
            .containsEntry("AGORA_NOTIFICATIONS_WEBURL", "https://shop.example.com");
        assertThat(notificationConfig(Map.of("ingress.host", "shop.example.com", "smtp.webUrl", "https://www.example.com/shop")))
            .containsEntry("AGORA_NOTIFICATIONS_WEBURL", "https://www.example.com/shop");
        // No host to name: the service's own default stands, rather than an address like "https://".
        assertThat(notificationConfig(Map.of("ingress.host", ""))).doesNotContainKey("AGORA_NOTIFICATIONS_WEBURL");
    }

    private static Map<String, String> notificationConfig(Map<String, Object> sets) {
        return Workloads.named(Render.objects(List.of(), sets), ConfigMap.class, "notification-svc").getData();
    }

    @Test
    void withoutTheWebAppTheAlbSendsOnlyTheApi() {
        List<HasMetadata> objects = Render.objects(List.of(), Map.of("frontend.enabled", false));
        assertThat(Workloads.ofKind(objects, Deployment.class)).noneMatch(d -> d.getMetadata().getName().equals("frontend"));
        Ingress ingress = Workloads.named(objects, Ingress.class, "agora");
        assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths()).singleElement()
            .satisfies(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("gateway"));
    }

    private static void assertProbe(String service, Probe probe, String path) {
        assertThat(probe).as(service + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(service).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo("http");
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void everyServiceHasAMatchingServiceAPodDisruptionBudgetAndAnAutoscalerWhenEnabled(List<String> values) {
        List<HasMetadata> objects = render(values);
        boolean autoscaled = !values.contains("values-dev.yaml");
        for (Deployment d : Workloads.ofKind(objects, Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(selects(d.getSpec().getSelector(), labels)).as(name).isTrue();
            Service service = Workloads.named(objects, Service.class, name);
            assertThat(labels).as(name).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(8080);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
            PodDisruptionBudget pdb = Workloads.named(objects, PodDisruptionBudget.class, name);
            assertThat(selects(pdb.getSpec().getSelector(), labels)).as(name).isTrue();
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as(name).isEqualTo(1);
            var hpas = Workloads.ofKind(objects, HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name)).toList();
            if (autoscaled) {
                assertThat(d.getSpec().getReplicas()).as(name + ": the HPA owns replicas").isNull();
                assertThat(hpas).singleElement().satisfies(h -> {
                    assertThat(h.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                    assertThat(h.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
                    assertThat(h.getSpec().getMaxReplicas()).isGreaterThan(h.getSpec().getMinReplicas());
                    assertThat(h.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
                });
            }
            else {
                assertThat(hpas).isEmpty();
                assertThat(d.getSpec().getReplicas()).isPositive();
            }
        }
        if (values.contains("values-prod.yaml")) {
            var gateway = Workloads.named(objects, HorizontalPodAutoscaler.class, "gateway");
            assertThat(gateway.getSpec().getMetrics()).anySatisfy(m -> {
                assertThat(m.getType()).isEqualTo("Pods");
                assertThat(m.getPods().getMetric().getName()).isEqualTo("http_server_requests_per_second");
            });
        }
    }

    @Test
    void productImagesGoToTheS3BucketWithTheIrsaRoleAndOnlyProductSvcMayReachS3() {
        List<HasMetadata> objects = Render.objects(List.of(), Map.of("media.store", "s3", "media.bucket", "shop-media",
                "media.region", "eu-west-1", "media.roleArn", "arn:aws:iam::123456789012:role/agora-media",
                "ingress.host", "shop.example.com", "media.cidrs[0]", "52.218.0.0/17"));
        var config = Workloads.named(objects, ConfigMap.class, "product-svc").getData();
        assertThat(config).containsEntry("AGORA_MEDIA_STORE", "s3").containsEntry("AGORA_MEDIA_S3_BUCKET", "shop-media")
            .containsEntry("AGORA_MEDIA_S3_REGION", "eu-west-1")
            .containsEntry("AGORA_MEDIA_PUBLICURL", "https://shop.example.com/api/v1/media")
            .doesNotContainKey("AGORA_MEDIA_DIRECTORY");
        assertThat(Workloads.named(objects, ServiceAccount.class, "product-svc").getMetadata().getAnnotations())
            .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/agora-media");
        assertThat(Workloads.named(objects, ServiceAccount.class, "order-svc").getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(Workloads.named(objects, NetworkPolicy.class, "product-svc").getSpec().getEgress())
            .anySatisfy(rule -> {
                assertThat(rule.getTo()).extracting(to -> to.getIpBlock() == null ? null : to.getIpBlock().getCidr())
                    .containsExactly("52.218.0.0/17");
                assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(443);
            });
        assertThat(Workloads.named(objects, NetworkPolicy.class, "order-svc").getSpec().getEgress())
            .noneSatisfy(rule -> assertThat(rule.getTo()).anySatisfy(to -> assertThat(to.getIpBlock()).isNotNull()));
        assertThatThrownBy(() -> Render.objects(List.of(), Map.of("media.store", "s3")))
            .hasMessageContaining("media.bucket is needed when media.store is s3");
        // By default a directory in the pod's /tmp, for trying the chart.
        assertThat(Workloads.named(Render.objects(List.of(), Map.of()), ConfigMap.class, "product-svc").getData())
            .containsEntry("AGORA_MEDIA_STORE", "local").containsEntry("AGORA_MEDIA_DIRECTORY", "/tmp/agora-media");
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void networkPoliciesCoverEveryPodAndOnlyTheGatewayAndTheWebAppAreReachableFromOutside(List<String> values) {
        List<HasMetadata> objects = render(values);
        var policies = Workloads.ofKind(objects, NetworkPolicy.class);
        var deny = Workloads.named(objects, NetworkPolicy.class, "default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        for (var w : Workloads.of(objects).all()) {
            var own = policies.stream().filter(p -> p != deny)
                .filter(p -> selects(p.getSpec().getPodSelector(), w.labels())).toList();
            assertThat(own).as(w.name() + " has its own policy").isNotEmpty();
            for (NetworkPolicy p : own) {
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    assertThat(rule.getFrom()).as(w.name() + ": a rule without peers admits everyone").isNotEmpty();
                    boolean outside = rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() != null);
                    if (outside) {
                        assertThat(w.owner().getMetadata().getName()).as("only the gateway and the web app take traffic from the ALB")
                            .isIn("gateway", "frontend");
                    }
                    // By number: a named port is resolved per destination pod, and not by every policy engine.
                    assertThat(rule.getPorts()).as(w.name() + " ingress ports").isNotEmpty()
                        .allSatisfy(port -> assertThat(port.getPort().getIntVal()).as(w.name()).isNotNull());
                    for (var peer : rule.getFrom()) {
                        if (peer.getNamespaceSelector() != null) {
                            // Other namespaces: only the Prometheus pods, never a whole namespace.
                            assertThat(peer.getPodSelector()).as(w.name()).isNotNull();
                            assertThat(peer.getPodSelector().getMatchLabels()).as(w.name()).isNotEmpty();
                        }
                    }
                }
                assertThat(p.getSpec().getEgress()).as(w.name() + " egress").allSatisfy(rule -> {
                    assertThat(rule.getTo()).isNotEmpty();
                    assertThat(rule.getPorts()).isNotEmpty();
                });
            }
        }
        // Services are reached only from the gateway and their callers: order-svc is, user-svc never calls it.
        var order = Workloads.named(objects, NetworkPolicy.class, "order-svc");
        Set<String> from = new HashSet<>();
        order.getSpec().getIngress().forEach(r -> r.getFrom().stream().filter(f -> f.getNamespaceSelector() == null)
            .forEach(f -> from.add(f.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))));
        assertThat(from).containsExactlyInAnyOrder("gateway", "payment-svc", "review-svc");
        for (Ingress ingress : Workloads.ofKind(objects, Ingress.class)) {
            ingress.getSpec().getRules().forEach(r -> r.getHttp().getPaths()
                .forEach(path -> assertThat(path.getBackend().getService().getName())
                    .isEqualTo(path.getPath().startsWith("/api") ? "gateway" : "frontend")));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.agora.deploy.Render#profiles")
    void noSecretValueIsInAConfigMapOrAnEnvLiteral(List<String> values) {
        Map<String, Object> sets = Map.of("secrets.smtpPassword", "smtp-pass-4f8a2", "secrets.redisPassword", "redis-pass-91c0d");
        List<HasMetadata> objects = Render.objects(values, sets);
        Set<String> secretValues = new HashSet<>(List.of("smtp-pass-4f8a2", "redis-pass-91c0d"));
        for (Secret s : Workloads.ofKind(objects, Secret.class)) {
            s.getData().values().stream().map(v -> new String(java.util.Base64.getDecoder().decode(v)))
                .filter(v -> v.length() >= 8).forEach(secretValues::add);
        }
        for (ConfigMap cm : Workloads.ofKind(objects, ConfigMap.class)) {
            for (String value : cm.getData().values()) {
                assertThat(secretValues).as("ConfigMap " + cm.getMetadata().getName()).noneMatch(value::contains);
            }
        }
        for (var w : Workloads.of(objects).all()) {
            for (Container c : w.pod().getSpec().getContainers()) {
                for (EnvVar env : c.getEnv()) {
                    if (env.getValue() != null) {
                        assertThat(secretValues).as(w.name() + " " + env.getName()).noneMatch(env.getValue()::contains);
                        assertThat(env.getName()).as(w.name() + ": credentials come from the Secret")
                            .doesNotContainPattern("PASSWORD|SECRET|PRIVATEKEY$");
                    }
                }
                assertThat(c.getArgs() == null ? List.<String>of() : c.getArgs()).noneMatch(a -> secretValues.stream().anyMatch(a::contains));
            }
        }
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector.getMatchLabels() != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
