package dev.agora.defaults.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The request body decoder's rules, and the 400 each broken rule becomes. */
class StrictJsonTests {

    record Line(Integer quantity, Long weightGrams, String name, List<String> tags, Map<String, String> attributes) {
    }

    private final JsonMapper strict = WebDefaultsAutoConfiguration.strict(JsonMapper.builder().build());
    private final ProblemMapper mapper = new ProblemMapper();

    private Map<String, Object> problem(String json) {
        Throwable error = catchThrowable(() -> strict.readValue(json, Line.class));
        assertThat(error).as("refused: " + json).isNotNull();
        // As the WebFlux decoder hands it on.
        var input = new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error", error));
        var response = mapper.toResponse(input,
                MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/x")));
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        JsonNode first = JsonMapper.builder().build().valueToTree(response.getBody()).path("errors").get(0);
        return Map.of("field", first.path("field").asString(), "message", first.path("message").asString());
    }

    @Test
    void refusesAFractionWhereAWholeNumberBelongsInsteadOfTruncatingIt() {
        assertThat(problem("{\"quantity\": 1.5}")).containsEntry("field", "quantity")
            .containsEntry("message", "must be a whole number");
        assertThat(problem("{\"weightGrams\": 10.7}")).containsEntry("field", "weightGrams")
            .containsEntry("message", "must be a whole number");
        assertThat(strict.readValue("{\"quantity\": 2, \"weightGrams\": 10}", Line.class).quantity()).isEqualTo(2);
    }

    @Test
    void refusesControlCharactersInTextValuesAndKeysNamingTheField() {
        assertThat(problem("{\"name\": \"lamp\\u0000\"}")).containsEntry("field", "name")
            .containsEntry("message", "must not contain control characters");
        assertThat(problem("{\"tags\": [\"ok\", \"bad\\u001b[31m\"]}")).containsEntry("field", "tags[1]");
        assertThat(problem("{\"attributes\": {\"co\\u0000lour\": \"red\"}}").get("field").toString()).startsWith("attributes");
        assertThat(problem("{\"attributes\": {\"colour\": \"r\\u007fed\"}}")).containsEntry("field", "attributes.colour");
    }

    @Test
    void refusesHalfASurrogatePairWhichNoEncoderCanTurnIntoBytes() {
        // Not text at all: user-svc hashed a password holding one and BouncyCastle refused to encode it (a 500).
        assertThat(problem("{\"name\": \"a\\ud800\"}")).containsEntry("field", "name")
            .containsEntry("message", "must be well-formed Unicode text");
        assertThat(problem("{\"tags\": [\"\\udc00b\"]}")).containsEntry("field", "tags[0]");
        assertThat(problem("{\"attributes\": {\"\\ud83d\": \"red\"}}").get("field").toString()).startsWith("attributes");
        assertThat(problem("{\"name\": \"\\udc00\\ud83d\"}")).containsEntry("field", "name");
        assertThat(strict.readValue("{\"name\": \"\\ud83d\\udca5 \ud83d\udca5\"}", Line.class).name())
            .isEqualTo("\ud83d\udca5 \ud83d\udca5");
    }

    @Test
    void keepsTabsAndLineBreaksWhichTextLegitimatelyHolds() {
        var line = strict.readValue("{\"name\": \"two\\nlines\\tand a tab\\r\\n\", \"attributes\": {\"a\": \"\u00e9\u4e2d\"}}",
                Line.class);
        assertThat(line.name()).isEqualTo("two\nlines\tand a tab\r\n");
        assertThat(line.attributes()).containsEntry("a", "\u00e9\u4e2d");
    }
}
