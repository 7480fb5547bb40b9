package dev.agora.defaults.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape every service keeps (docs/architecture.md): controllers translate HTTP and nothing
 * else, and a module's packages never depend on each other in a circle.
 */
class ServiceStructureTests {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (dev\\.agora[\\w.]*?)\\.[A-Z]\\w*(?:\\.\\w+)*;", Pattern.MULTILINE);
    // What belongs in a repository or the domain service that owns a change, not in a controller.
    private static final Pattern PERSISTENCE = Pattern.compile("\\b(DatabaseClient|TransactionalOperator|OutboxWriter|ReactiveMongoTemplate)\\b");

    // An event type literal, a map as an outbox payload, or a consumer picking fields out of the JSON.
    private static final Pattern UNTYPED_EVENT = Pattern.compile(
            "\\.append\\(\"[a-z]+\\.|\\.append\\([^;]*Map\\.of\\(|\\.data\\(\\)\\.(path|required|get|has)\\(|"
                    + "Set\\.of\\(\"(user|product|inventory|order|payment|review)\\.|events\\.of\\(\"review\\.");

    @Test
    void controllersNeitherQueryNorOpenTransactionsNorWriteEvents() {
        List<String> offenders = mainSources().stream()
            .filter(file -> file.getFileName().toString().endsWith("Controller.java"))
            .filter(file -> PERSISTENCE.matcher(read(file)).find())
            .map(file -> ROOT.relativize(file).toString())
            .toList();
        assertThat(offenders).as("controllers with SQL, transactions or events; move them to a repository or service")
            .isEmpty();
    }

    @Test
    void consumersAreDeclaredOneWayWithTheStreamConstants() {
        List<String> offenders = servicesWhere(
                source -> source.contains("implements EventHandler") || source.contains("\"agora:events:"));
        assertThat(offenders).as("EventHandler classes or stream-name literals; use EventHandler.of beans and EventStreams")
            .isEmpty();
    }

    @Test
    void eventsAreTypedRecordsWrittenAndReadWhole() {
        List<String> offenders = servicesWhere(source -> UNTYPED_EVENT.matcher(source).find());
        assertThat(offenders)
            .as("event types as literals, map payloads or field-by-field reads; use EventTypes and its records")
            .isEmpty();
    }

    @Test
    void clientsOfOtherServicesComeFromTheOneFactory() {
        List<String> offenders = servicesWhere(
                source -> source.contains("@Value(\"${agora.services.") || source.contains("WebClient.Builder"));
        assertThat(offenders).as("clients built by hand; use ServiceClients.of(\"<service>\")").isEmpty();
    }

    @Test
    void noModuleHasAPackageCycle() {
        Map<Path, Map<String, Set<String>>> byModule = new HashMap<>();
        for (Path file : mainSources()) {
            String source = read(file);
            Matcher pkg = PACKAGE.matcher(source);
            if (!pkg.find()) {
                continue;
            }
            Path module = moduleOf(file);
            Set<String> uses = byModule.computeIfAbsent(module, m -> new HashMap<>())
                .computeIfAbsent(pkg.group(1), p -> new HashSet<>());
            Matcher imports = IMPORT.matcher(source);
            while (imports.find()) {
                if (!imports.group(1).equals(pkg.group(1))) {
                    uses.add(imports.group(1));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        byModule.forEach((module, graph) -> graph.keySet().forEach(start -> {
            List<String> cycle = cycleThrough(start, graph);
            if (cycle != null && cycle.getFirst().equals(cycle.stream().sorted().findFirst().orElseThrow())) {
                cycles.add(ROOT.relativize(module) + ": " + String.join(" -> ", cycle) + " -> " + start);
            }
        }));
        assertThat(cycles).as("package cycles; invert one dependency (an interface in the package that needs it)")
            .isEmpty();
    }

    /** A path of packages from {@code start} back to it, or null. */
    private static List<String> cycleThrough(String start, Map<String, Set<String>> graph) {
        return walk(start, start, graph, new LinkedHashSet<>());
    }

    private static List<String> walk(String start, String at, Map<String, Set<String>> graph, LinkedHashSet<String> path) {
        path.add(at);
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                return new ArrayList<>(path);
            }
            if (!path.contains(next) && graph.containsKey(next)) {
                List<String> found = walk(start, next, graph, path);
                if (found != null) {
                    return found;
                }
            }
        }
        path.remove(at);
        return null;
    }

    private static Path moduleOf(Path file) {
        Path at = file;
        while (at != null && !at.endsWith("src")) {
            at = at.getParent();
        }
        return at == null ? file : at.getParent();
    }

    /** Main sources outside service-defaults (which defines what they must use) that match. */
    private static List<String> servicesWhere(java.util.function.Predicate<String> matches) {
        return mainSources().stream()
            .filter(file -> !file.toString().contains("/libs/service-defaults/"))
            .filter(file -> matches.test(read(file)))
            .map(file -> ROOT.relativize(file).toString())
            .toList();
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                .filter(f -> f.toString().contains("/src/main/java/"))
                .filter(f -> !f.toString().contains("/node_modules/") && !f.toString().contains("/target/"))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
