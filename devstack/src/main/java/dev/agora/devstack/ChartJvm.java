package dev.agora.devstack;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * The JVM a service runs with in the Helm chart, for {@code make bench}: the chart's
 * {@code jvmOptions} (its {@code JDK_JAVA_OPTIONS}), and the container's limits the JVM sizes itself
 * by there, given as flags since here it runs on the bare machine: {@code -XX:MaxRAM} for the memory
 * limit (so {@code MaxRAMPercentage} gives the pod's heap, not 70 % of this machine) and
 * {@code -XX:ActiveProcessorCount} for the CPU limit (so the JIT, GC and pools get the pod's CPU
 * count). The full JIT, unlike {@code make run}'s C1-only start-up flags.
 */
final class ChartJvm {

    private final Map<String, Object> values;

    private ChartJvm(Map<String, Object> values) {
        this.values = values;
    }

    /** Reads {@code helm/agora/values.yaml} under {@code root}. */
    static ChartJvm of(Path root) {
        try (Reader reader = Files.newBufferedReader(root.resolve("helm/agora/values.yaml"))) {
            return new ChartJvm(new Yaml().load(reader));
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException("Could not read the chart's values", ex);
        }
    }

    /** The flags the chart gives {@code service}, with its container limits as flags. */
    List<String> flags(String service) {
        List<String> flags = new ArrayList<>();
        String options = (String) setting(service, "jvmOptions");
        if (options != null && !options.isBlank()) {
            flags.addAll(Arrays.asList(options.trim().split("\\s+")));
        }
        Object memory = setting(service, "resources", "limits", "memory");
        if (memory != null) {
            flags.add("-XX:MaxRAM=" + bytes(memory.toString()));
        }
        Object cpu = setting(service, "resources", "limits", "cpu");
        if (cpu != null) {
            flags.add("-XX:ActiveProcessorCount=" + processors(cpu.toString()));
        }
        return List.copyOf(flags);
    }

    /** The service's own value if it sets one, else the chart's {@code serviceDefaults}. */
    private Object setting(String service, String... path) {
        Object own = at(at(values, "services", service), path);
        return own != null ? own : at(at(values, "serviceDefaults"), path);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    /** Kubernetes quantities: {@code 768Mi}, {@code 1Gi}, {@code 512M}, plain bytes. */
    static long bytes(String quantity) {
        String q = quantity.trim();
        String[][] units = { { "Ki", "1024" }, { "Mi", "1048576" }, { "Gi", "1073741824" }, { "k", "1000" }, { "M", "1000000" },
            { "G", "1000000000" } };
        for (String[] unit : units) {
            if (q.endsWith(unit[0])) {
                return new BigDecimal(q.substring(0, q.length() - unit[0].length())).multiply(new BigDecimal(unit[1]))
                    .longValueExact();
            }
        }
        return Long.parseLong(q);
    }

    /** CPU quantities ({@code "1"}, {@code 500m}, {@code 1.5}) as whole processors, at least one. */
    static int processors(String quantity) {
        String q = quantity.trim();
        BigDecimal cores = q.endsWith("m") ? new BigDecimal(q.substring(0, q.length() - 1)).movePointLeft(3) : new BigDecimal(q);
        return Math.max(1, cores.setScale(0, RoundingMode.CEILING).intValueExact());
    }
}
