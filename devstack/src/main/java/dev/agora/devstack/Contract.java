package dev.agora.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public contract, {@code frontend-contract/openapi.yaml}: the services' live springdoc documents
 * merged into one, keeping only what the gateway routes ({@code /api/v1/**}) and the schemas those
 * operations use, with short schema names. {@code make contract} writes it; the end-to-end suite
 * merges the live documents the same way and fails on any difference from the committed file.
 */
public final class Contract {

    static final String PUBLIC_PREFIX = "/api/v1/";
    private static final String SCHEMA_REF = "#/components/schemas/";
    // springdoc runs with use-fqn: dev.agora.product.product.Product$View, generics appended capitalised.
    private static final Pattern QUALIFIED = Pattern.compile("[Dd]ev\\.agora\\.(?:[a-z0-9_]+\\.)+([A-Z][A-Za-z0-9_]*(?:[.$][A-Z][A-Za-z0-9_]*)*)");

    private static final Map<String, String> AREAS = new TreeMap<>(Map.ofEntries(
            Map.entry("auth", "Sign-up, log-in, token refresh and log-out"),
            Map.entry("users", "Profiles, and users and roles for admins"),
            Map.entry("products", "The catalogue: search, product pages, vendors' products and CSV imports"),
            Map.entry("categories", "The category tree"),
            Map.entry("media", "Uploaded product images: originals without metadata, and their renditions"),
            Map.entry("vendors", "Vendor applications, verification and profiles"),
            Map.entry("orders", "Checkout, order history and fulfilment"),
            Map.entry("payments", "Payments and refunds"),
            Map.entry("inventory", "Stock levels and movements"),
            Map.entry("notifications", "The in-app inbox and e-mail deliveries"),
            Map.entry("reviews", "Product reviews, ratings and helpful votes"),
            Map.entry("analytics", "Storefront events and the admin dashboard")));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Contract() {
    }

    /** Fetches each service's {@code /v3/api-docs}, in the platform's service order. */
    public static Map<String, JsonNode> fetch(Platform platform) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (ServiceProcess service : platform.services()) {
            if (service.name().equals("gateway")) {
                continue;
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(service.name() + " answered " + response.statusCode() + " for /v3/api-docs");
            }
            documents.put(service.name(), JSON.readTree(response.body()));
        }
        return documents;
    }

    /** The merged public document, as plain maps and lists in a stable order. */
    public static Map<String, Object> merge(Map<String, JsonNode> documents) {
        Map<String, Object> paths = new TreeMap<>();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, String> operationIds = new HashMap<>();
        for (Map.Entry<String, JsonNode> document : documents.entrySet()) {
            String service = document.getKey();
            JsonNode doc = renameSchemas(document.getValue());
            JsonNode allSchemas = doc.path("components").path("schemas");
            Map<String, String> renames = new HashMap<>();
            Set<String> used = new TreeSet<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                if (!path.getKey().startsWith(PUBLIC_PREFIX)) {
                    continue;
                }
                if (paths.containsKey(path.getKey())) {
                    throw new IllegalStateException(path.getKey() + " is published by two services");
                }
                collectRefs(path.getValue(), used);
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String id = operation.getValue().path("operationId").asString("");
                    String previous = operationIds.put(id, service + " " + operation.getKey() + " " + path.getKey());
                    if (id.isEmpty() || previous != null) {
                        throw new IllegalStateException("operationId '" + id + "' of " + service + " " + path.getKey()
                                + " is missing or also used by " + previous);
                    }
                }
            }
            Deque<String> pending = new ArrayDeque<>(used);
            while (!pending.isEmpty()) {
                String name = pending.pop();
                Set<String> inner = new TreeSet<>();
                collectRefs(allSchemas.path(name), inner);
                for (String ref : inner) {
                    if (used.add(ref)) {
                        pending.push(ref);
                    }
                }
            }
            // Same short name, different shape: the later service's gets its name in front. Renaming one
            // can change another that refers to it, so repeat until nothing more needs a new name.
            boolean changed = true;
            while (changed) {
                changed = false;
                for (String name : used) {
                    JsonNode schema = allSchemas.get(name);
                    if (schema == null) {
                        throw new IllegalStateException(service + " refers to schema " + name + " it does not define");
                    }
                    Object existing = schemas.get(name);
                    if (!renames.containsKey(name) && existing != null
                            && !existing.equals(plain(rewriteRefs(schema, renames)))) {
                        renames.put(name, serviceWord(service) + name);
                        changed = true;
                    }
                }
            }
            for (String name : used) {
                schemas.put(renames.getOrDefault(name, name), plain(rewriteRefs(allSchemas.get(name), renames)));
            }
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                if (path.getKey().startsWith(PUBLIC_PREFIX)) {
                    paths.put(path.getKey(), plain(rewriteRefs(path.getValue(), renames)));
                }
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("openapi", "3.1.0");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Agora public API");
        info.put("version", "v1");
        info.put("description", """
                Everything a client may call through the gateway, merged from the services' own documents
                (`make contract`). Errors are RFC 9457 problem documents; lists take `page` and `size` (at most 100);
                money is a decimal string with its currency.""");
        merged.put("info", info);
        // Ordered maps throughout: Map.of iterates in a different order in every JVM, and the file must not churn.
        merged.put("servers", List.of(ordered("url", "/", "description", "the gateway (the web app's own origin)")));
        List<Object> tags = new ArrayList<>();
        AREAS.forEach((name, description) -> tags.add(ordered("name", name, "description", description)));
        merged.put("tags", tags);
        merged.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", ordered("bearer", ordered("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                "description", "An access token from POST /api/v1/auth/login or /auth/refresh (15 minutes).")));
        components.put("schemas", schemas);
        merged.put("components", components);
        return merged;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The document as YAML, block style, the way it is committed. */
    public static String yaml(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        return "# Generated by `make contract` from the services' live OpenAPI documents. Do not edit by hand:\n"
                + "# the end-to-end suite fails when this file differs from what the services publish.\n"
                + new Yaml(options).dump(document);
    }

    /** Paths (JSON-pointer style) where the two documents differ; empty when they are the same. */
    public static List<String> differences(Object committed, Object live) {
        List<String> out = new ArrayList<>();
        diff("", committed, live, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void diff(String at, Object a, Object b, List<String> out) {
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            Set<Object> keys = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
            keys.addAll(left.keySet());
            keys.addAll(right.keySet());
            for (Object key : keys) {
                diff(at + "/" + key, left.get(key), right.get(key), out);
            }
        }
        else if (a instanceof List<?> left && b instanceof List<?> right && left.size() == right.size()) {
            for (int i = 0; i < left.size(); i++) {
                diff(at + "/" + i, left.get(i), right.get(i), out);
            }
        }
        else if (!normal(a).equals(normal(b))) {
            out.add(at + ": committed " + a + ", live " + b);
        }
    }

    private static Object normal(Object value) {
        return value instanceof Number number ? number.toString() : String.valueOf(value);
    }

    /** Gives every schema its short name ({@code Product$View} → {@code ProductView}) and fixes the refs. */
    static JsonNode renameSchemas(JsonNode document) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> taken = new HashMap<>();
        List<String> qualifiedNames = new ArrayList<>(document.path("components").path("schemas").propertyNames());
        Map<String, Integer> counts = new HashMap<>();
        qualifiedNames.forEach(q -> counts.merge(shortName(q, true), 1, Integer::sum));
        for (String qualified : qualifiedNames) {
            // "Controller" goes from the name unless that makes two schemas one (Reservation.Line, ReservationController.Line).
            String simple = counts.get(shortName(qualified, true)) == 1 ? shortName(qualified, true) : shortName(qualified, false);
            String other = taken.putIfAbsent(simple, qualified);
            if (other != null) {
                throw new IllegalStateException("schemas " + other + " and " + qualified + " would both be " + simple);
            }
            names.put(qualified, simple);
        }
        ObjectNode copy = (ObjectNode) rewriteRefs(document, names);
        ObjectNode schemas = JSON.createObjectNode();
        document.path("components").path("schemas").properties()
            .forEach(e -> schemas.set(names.get(e.getKey()), rewriteRefs(e.getValue(), names)));
        if (copy.get("components") instanceof ObjectNode components) {
            components.set("schemas", schemas);
        }
        return copy;
    }

    static String shortName(String qualified, boolean withoutController) {
        // Generic arguments are appended capitalised ("...PageDev.agora..."): split them off first.
        Matcher m = QUALIFIED.matcher(qualified.replace("Dev.agora.", " dev.agora.").replace("Java.lang.", " java.lang."));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).replace("$", "").replace(".", "");
            m.appendReplacement(out, Matcher.quoteReplacement(withoutController ? name.replace("Controller", "") : name));
        }
        m.appendTail(out);
        return out.toString().replace("java.lang.", "").replace("PageQueryPage", "Page").replaceAll("[^A-Za-z0-9_]", "");
    }

    private static String serviceWord(String service) {
        String word = service.replace("-svc", "");
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static void collectRefs(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(SCHEMA_REF)) {
                into.add(ref.asString().substring(SCHEMA_REF.length()));
            }
            node.forEach(child -> collectRefs(child, into));
        }
        else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, String> names) {
        JsonNode copy = node.deepCopy();
        rewriteInPlace(copy, names);
        return copy;
    }

    private static void rewriteInPlace(JsonNode node, Map<String, String> names) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(SCHEMA_REF)) {
                String name = ref.asString().substring(SCHEMA_REF.length());
                object.put("$ref", SCHEMA_REF + names.getOrDefault(name, name));
            }
            object.forEach(child -> rewriteInPlace(child, names));
        }
        else if (node.isArray()) {
            node.forEach(child -> rewriteInPlace(child, names));
        }
    }

    /** Jackson tree → maps, lists and scalars, object keys in document order. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(child -> list.add(plain(child)));
            return list;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isNull() ? null : node.asString();
    }
}
