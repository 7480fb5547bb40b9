package dev.agora.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduled backups of the in-cluster datastores and the restore Job (templates/backup.yaml). */
class BackupChartTests {

    private static final String RESTORE = "2026-11-30T031700Z";

    @Test
    void backsUpEachInClusterDatastoreOnScheduleToAVolumeThatOutlivesTheRelease() throws IOException {
        List<HasMetadata> objects = Render.objects(List.of(), Map.of());
        CronJob cron = Workloads.named(objects, CronJob.class, "agora-backup");

        assertThat(cron.getSpec().getSchedule()).isEqualTo("17 3 * * *");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container postgres = container(pod.getContainers(), "postgresql");
        assertThat(postgres.getCommand()).containsExactly("sh", "/scripts/postgresql-backup.sh");
        assertThat(env(postgres, "DATABASES").split(" "))
            .containsExactlyInAnyOrder("userdb", "productdb", "inventorydb", "paymentdb", "orderdb", "notificationdb");
        assertThat(env(postgres, "BACKUP_DIR")).isEqualTo("/backups/postgresql");
        assertThat(env(postgres, "RETENTION_DAYS")).isEqualTo("7");
        assertThat(postgres.getImage()).contains("postgres:17");
        Container mongo = container(pod.getContainers(), "mongodb");
        assertThat(mongo.getCommand()).containsExactly("sh", "/scripts/mongodb-backup.sh");
        assertThat(env(mongo, "DATABASES").split(" ")).containsExactlyInAnyOrder("reviewdb", "analyticsdb");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
            .extracting(v -> v.getPersistentVolumeClaim().getClaimName()).containsExactly("agora-backup");

        PersistentVolumeClaim volume = Workloads.named(objects, PersistentVolumeClaim.class, "agora-backup");
        assertThat(volume.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(volume.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");

        // The pod runs exactly the scripts PostgresBackupIT tests.
        ConfigMap scripts = Workloads.named(objects, ConfigMap.class, "agora-backup-scripts");
        for (String script : List.of("postgresql-backup.sh", "postgresql-restore.sh", "mongodb-backup.sh",
                "mongodb-restore.sh")) {
            assertThat(scripts.getData().get(script))
                .isEqualTo(Files.readString(Render.ROOT.resolve("helm/agora/files/backup").resolve(script)));
        }
        assertThat(Workloads.ofKind(objects, Job.class)).noneMatch(j -> j.getMetadata().getName().contains("restore"));
    }

    @Test
    void theDatastoresLetTheBackupInAndItReachesNothingElse() {
        List<HasMetadata> objects = Render.objects(List.of(), Map.of());
        for (String datastore : List.of("agora-postgresql", "agora-mongodb")) {
            NetworkPolicy policy = Workloads.named(objects, NetworkPolicy.class, datastore);
            assertThat(policy.getSpec().getIngress()).flatMap(rule -> rule.getFrom())
                .anySatisfy(peer -> assertThat(component(peer)).isEqualTo("agora-backup"));
        }
        NetworkPolicy own = Workloads.named(objects, NetworkPolicy.class, "agora-backup");
        assertThat(own.getSpec().getIngress()).isEmpty();
        assertThat(own.getSpec().getEgress()).flatMap(rule -> rule.getPorts())
            .extracting(port -> port.getPort().getIntVal()).containsExactlyInAnyOrder(53, 53, 5432, 27017);
    }

    @Test
    void aRestoreRunsOnceForTheNamedBackupAndOnlyForThatDatastore() {
        List<HasMetadata> objects = Render.objects(List.of(), Map.of("backup.restore.postgresql", RESTORE));
        List<Job> restores = Workloads.ofKind(objects, Job.class).stream()
            .filter(j -> j.getMetadata().getName().startsWith("agora-backup-restore-")).toList();

        assertThat(restores).hasSize(1);
        var pod = restores.getFirst().getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("postgresql");
        assertThat(pod.getContainers().getFirst().getCommand())
            .containsExactly("sh", "/scripts/postgresql-restore.sh", RESTORE);
        assertThat(restores.getFirst().getSpec().getBackoffLimit()).isZero();
        // Another backup is another Job, so setting one does not re-run or collide with the last.
        String other = Workloads.ofKind(Render.objects(List.of(), Map.of("backup.restore.postgresql", "2026-11-29T031700Z")),
                Job.class).stream().map(j -> j.getMetadata().getName()).filter(n -> n.startsWith("agora-backup-restore-"))
            .findFirst().orElseThrow();
        assertThat(other).isNotEqualTo(restores.getFirst().getMetadata().getName());
    }

    @Test
    void externalDatastoresAreLeftToTheirOwnSnapshots() {
        List<HasMetadata> objects = Render.objects(List.of("values-prod.yaml"), Map.of());
        assertThat(Workloads.ofKind(objects, CronJob.class)).isEmpty();
        assertThat(Workloads.ofKind(objects, PersistentVolumeClaim.class))
            .noneMatch(pvc -> pvc.getMetadata().getName().equals("agora-backup"));
    }

    @Test
    void theSchemaRefusesARestoreThatNamesNoBackup() {
        assertThatThrownBy(() -> Render.objects(List.of(), Map.of("backup.restore.postgresql", "latest")))
            .hasMessageContaining("/backup/restore/postgresql");
    }

    private static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getName()));
    }

    private static String component(NetworkPolicyPeer peer) {
        return peer.getPodSelector() == null ? null
                : peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
    }
}
