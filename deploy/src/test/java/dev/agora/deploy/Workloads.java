package dev.agora.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The pod templates of a render, by workload. */
record Workloads(List<Workload> all) {

    record Workload(HasMetadata owner, PodTemplateSpec pod) {

        String name() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }

        Map<String, String> labels() {
            return pod.getMetadata().getLabels();
        }
    }

    /** A key of a Secret that a container's env or a pod's volume reads. */
    record SecretKey(String workload, String secret, String key) {
    }

    /** Every Secret key the pods read, through env references and secret volumes. */
    List<SecretKey> secretKeys() {
        List<SecretKey> keys = new ArrayList<>();
        for (Workload w : all) {
            for (var c : w.pod().getSpec().getContainers()) {
                c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .map(e -> e.getValueFrom().getSecretKeyRef())
                    .forEach(ref -> keys.add(new SecretKey(w.name(), ref.getName(), ref.getKey())));
            }
            w.pod().getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> v.getSecret().getItems()
                    .forEach(i -> keys.add(new SecretKey(w.name(), v.getSecret().getSecretName(), i.getKey()))));
        }
        return keys;
    }

    static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Workloads of(List<HasMetadata> objects) {
        List<Workload> all = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                all.add(new Workload(d, d.getSpec().getTemplate()));
            }
            else if (o instanceof StatefulSet s) {
                all.add(new Workload(s, s.getSpec().getTemplate()));
            }
            else if (o instanceof Job j) {
                all.add(new Workload(j, j.getSpec().getTemplate()));
            }
            else if (o instanceof CronJob c) {
                all.add(new Workload(c, c.getSpec().getJobTemplate().getSpec().getTemplate()));
            }
        }
        return new Workloads(all);
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return ofKind(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
