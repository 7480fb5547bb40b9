package dev.agora.devstack;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EdgeAuthOffTests {

    private static final Path GATEWAY_CONFIG = Path.of("..").toAbsolutePath().normalize()
        .resolve("gateway/src/main/resources/application.yml");

    @Test
    void keepsEveryOtherDefaultFilterOfTheGatewayInItsOrder(@TempDir Path dir) throws Exception {
        // The repository's own gateway: the bench's variant must follow it, whatever it says.
        List<Object> own = defaultFilters(GATEWAY_CONFIG);

        List<Object> without = defaultFilters(EdgeAuthOff.write(GATEWAY_CONFIG, dir.resolve("override.yml")));

        assertThat(own).contains(EdgeAuthOff.FILTER);
        assertThat(without).doesNotContain(EdgeAuthOff.FILTER)
            .hasSize(own.size() - 1)
            .containsExactlyElementsOf(own.stream().filter(filter -> !EdgeAuthOff.FILTER.equals(filter)).toList());
    }

    @Test
    void refusesAGatewayConfigurationWithoutTheFilter(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("application.yml");
        Files.writeString(config, """
                spring:
                  cloud:
                    gateway:
                      server:
                        webflux:
                          default-filters:
                            - SecureHeaders
                """);

        assertThatIllegalStateException().isThrownBy(() -> EdgeAuthOff.write(config, dir.resolve("override.yml")))
            .withMessageContaining(EdgeAuthOff.FILTER);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> defaultFilters(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> config = new Yaml().load(reader);
            Map<String, Object> webflux = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((Map<String, Object>) config.get("spring")).get("cloud")).get("gateway")).get("server")).get("webflux");
            return (List<Object>) webflux.get("default-filters");
        }
    }
}
