package dev.agora.defaults.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTests {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** A status followed by a slug literal: a problem made up outside the catalogue. */
    private static final Pattern AD_HOC = Pattern.compile("HttpStatus\\.[A-Z_]+,\\s*\"[a-z]+(-[a-z]+)*\"");

    @Test
    void everyTypeHasItsOwnSlugUnderTheProblemsBase() {
        List<String> slugs = Arrays.stream(ProblemType.values()).map(ProblemType::slug).toList();
        assertThat(slugs).doesNotHaveDuplicates().allMatch(s -> s.matches("[a-z]+(-[a-z]+)*"));
        assertThat(ProblemType.INSUFFICIENT_STOCK.uri()).hasToString("https://agora.dev/problems/insufficient-stock");
        assertThat(ProblemType.values()).allSatisfy(t -> {
            assertThat(t.title()).isNotBlank();
            assertThat(t.status().isError()).isTrue();
        });
    }

    @Test
    void aProblemOfATypeCarriesItsStatusTypeAndTitle() {
        var problem = new AgoraException(ProblemType.REFUND_PENDING, "Not yet.").getBody();
        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getType()).hasToString("https://agora.dev/problems/refund-pending");
        assertThat(problem.getTitle()).isEqualTo("Refund pending");
        assertThat(problem.getDetail()).isEqualTo("Not yet.");
    }

    @Test
    void noServiceMakesUpAProblemTypeOutsideTheCatalogue() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> offenders = files
                .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                .filter(p -> !p.toString().contains("/node_modules/") && !p.endsWith("ProblemType.java"))
                .filter(p -> {
                    try {
                        return AD_HOC.matcher(Files.readString(p)).find();
                    }
                    catch (IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                })
                .toList();
            assertThat(offenders).isEmpty();
        }
        assertThat(ROOT.resolve("order-svc/src/main/java")).isDirectory();
    }
}
