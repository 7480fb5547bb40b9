package dev.agora.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Renders the chart once per values combination, for all the tests of a run. */
final class Render {

    static final Path ROOT = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();

    static final Charts CHARTS = new Charts(ROOT);

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Render() {
    }

    /**
     * Renders as {@code helm install} would on a cluster with the Prometheus Operator: helm-java's
     * template command cannot pass {@code --api-versions}, so the chart is told to assume the API.
     */
    static String yaml(List<String> valuesFiles, Map<String, Object> sets) {
        EmptyCluster.start();
        Map<String, Object> withOperator = new java.util.TreeMap<>(sets);
        withOperator.putIfAbsent("metrics.assumeOperatorApi", true);
        return CACHE.computeIfAbsent(valuesFiles + " " + withOperator, k -> CHARTS.render(valuesFiles, withOperator));
    }

    static List<HasMetadata> objects(List<String> valuesFiles, Map<String, Object> sets) {
        return Manifests.parse(yaml(valuesFiles, sets));
    }

    /** The default values, dev and prod, each as the documented install would render them. */
    static List<List<String>> profiles() {
        return List.of(List.of(), List.of("values-dev.yaml"), List.of("values-prod.yaml"));
    }
}
