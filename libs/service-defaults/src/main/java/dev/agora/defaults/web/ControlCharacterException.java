package dev.agora.defaults.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/** A JSON string, or an object key, with a control character in it; {@link ProblemMapper} names the field. */
final class ControlCharacterException extends MismatchedInputException {

    private static final long serialVersionUID = 1L;

    ControlCharacterException(JsonParser parser) {
        super(parser, "Text must not contain control characters", String.class);
    }
}
