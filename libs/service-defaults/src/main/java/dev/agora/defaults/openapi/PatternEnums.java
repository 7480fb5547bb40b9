package dev.agora.defaults.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.media.Schema;

/**
 * A {@code @Pattern} that only lists words ({@code draft|active|archived}) is an enum: Bean Validation
 * matches the whole value, so those words are exactly what is allowed. The contract says so as an
 * enum, which generated clients turn into a union type, instead of a regular expression.
 */
final class PatternEnums {

    private static final Pattern WORDS = Pattern.compile("\\^?\\(?([A-Za-z0-9_]+(?:\\|[A-Za-z0-9_]+)+)\\)?\\$?");

    private PatternEnums() {
    }

    /** Rewrites the schema, its properties and its items in place. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static void apply(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getPattern() != null) {
            Matcher m = WORDS.matcher(schema.getPattern());
            if (m.matches()) {
                List<Object> values = new ArrayList<>(Arrays.asList(m.group(1).split("\\|")));
                ((Schema) schema).setEnum(values);
                schema.setPattern(null);
            }
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.values().forEach(PatternEnums::apply);
        }
        apply(schema.getItems());
    }
}
