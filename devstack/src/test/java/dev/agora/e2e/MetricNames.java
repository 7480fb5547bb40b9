package dev.agora.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric names in the Grafana dashboards and the PrometheusRule the Helm chart ships, and in a
 * Prometheus scrape. Every selector in those queries is written {@code name{labels}}, so a name is
 * an identifier directly followed by a brace (Helm's own {@code {{ }}} actions removed first).
 */
final class MetricNames {

    private static final Pattern TEMPLATE_ACTION = Pattern.compile("\\{\\{.*?}}");

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    private static final Pattern EXPOSITION = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private static final Pattern RECORDED = Pattern.compile("(?m)^\\s*- record: ([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private MetricNames() {
    }

    /** The metric names the chart's dashboards and alert rules query. */
    static Set<String> usedByTheChart(Path root) {
        Set<String> names = new TreeSet<>();
        Path chart = root.resolve("helm/agora");
        try (var dashboards = Files.list(chart.resolve("files/dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                names.addAll(selectors(Files.readString(dashboard)));
            }
            String rules = Files.readString(chart.resolve("templates/prometheusrule.yaml"));
            names.addAll(selectors(rules));
            // Series the rules record themselves, and the one Prometheus makes up per target, are
            // no service's to export.
            Matcher recorded = RECORDED.matcher(TEMPLATE_ACTION.matcher(rules).replaceAll(""));
            while (recorded.find()) {
                String prefix = recorded.group(1);
                names.removeIf(name -> name.startsWith(prefix));
            }
            names.remove("up");
            // kube-state-metrics' view of the cluster (the backup CronJob's last success), which a
            // Prometheus Operator stack scrapes; no service exports it.
            names.removeIf(name -> name.startsWith("kube_"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return names;
    }

    static Set<String> selectors(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = SELECTOR.matcher(TEMPLATE_ACTION.matcher(text).replaceAll(""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The metric names of a Prometheus text exposition. */
    static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = EXPOSITION.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
