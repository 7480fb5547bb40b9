package dev.agora.defaults.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string, or an object key, that is not text a field may hold ({@link TextInput});
 * {@link ProblemMapper} names the field and says why.
 */
final class UnsafeTextException extends MismatchedInputException {

    private static final long serialVersionUID = 1L;

    private final String fieldMessage;

    private UnsafeTextException(JsonParser parser, String message, String fieldMessage) {
        super(parser, message, String.class);
        this.fieldMessage = fieldMessage;
    }

    /** The exception for {@code text}, or null when it is safe. */
    static UnsafeTextException of(JsonParser parser, String text) {
        if (TextInput.hasControlCharacter(text)) {
            return new UnsafeTextException(parser, "Text must not contain control characters",
                    "must not contain control characters");
        }
        if (TextInput.hasUnpairedSurrogate(text)) {
            return new UnsafeTextException(parser, "Text must be well-formed Unicode (half a surrogate pair is no character)",
                    "must be well-formed Unicode text");
        }
        return null;
    }

    /** What the problem says about the field. */
    String fieldMessage() {
        return fieldMessage;
    }
}
