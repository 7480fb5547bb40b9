package dev.agora.devstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * For {@code make bench} only: the gateway's own default filters minus {@code EdgeAuthentication},
 * as a configuration file the gateway is restarted with ({@code spring.config.additional-location}
 * replaces a list whole). Every other filter stays, and the services still verify the token they
 * are sent, so an authenticated route answers the same with the edge filter's cost taken out. The
 * gateway has no switch for this on purpose: an edge that can be told to stop authenticating is a
 * hole.
 */
final class EdgeAuthOff {

    static final String FILTER = "EdgeAuthentication";

    private EdgeAuthOff() {
    }

    /** Writes the override next to the bench's data and answers it, from the gateway's {@code application.yml}. */
    static Path write(Path gatewayConfig, Path target) throws IOException {
        Map<String, Object> config;
        try (Reader reader = Files.newBufferedReader(gatewayConfig)) {
            config = new Yaml().load(reader);
        }
        Map<String, Object> webflux = child(child(child(child(child(config, "spring"), "cloud"), "gateway"), "server"), "webflux");
        List<?> filters = (List<?>) webflux.get("default-filters");
        if (filters == null || !filters.contains(FILTER)) {
            throw new IllegalStateException(gatewayConfig + " has no " + FILTER + " in its default filters");
        }
        List<?> without = filters.stream().filter(filter -> !FILTER.equals(filter)).toList();
        Map<String, Object> override = Map.of("spring", Map.of("cloud", Map.of("gateway", Map.of("server", Map.of("webflux",
                Map.of("default-filters", without))))));
        Files.createDirectories(target.getParent());
        Files.writeString(target, new Yaml().dump(override));
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        if (!(value instanceof Map)) {
            throw new IllegalStateException("The gateway's configuration has no " + key);
        }
        return (Map<String, Object>) value;
    }
}
