package dev.agora.defaults.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses control characters in every string a request body carries, values and object keys alike
 * ({@link TextInput}), while the body is read: a service never sees such text, so none can reach a
 * database, a log or an export.
 */
final class SafeTextModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    SafeTextModule() {
        super("agora-safe-text");
        addDeserializer(String.class, new SafeStrings());
        addKeyDeserializer(String.class, new SafeKeys());
    }

    private static final class SafeStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && TextInput.hasControlCharacter(text)) {
                throw new ControlCharacterException(parser);
            }
            return text;
        }
    }

    private static final class SafeKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (TextInput.hasControlCharacter(key)) {
                throw new ControlCharacterException(context.getParser());
            }
            return key;
        }
    }
}
