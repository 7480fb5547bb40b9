package dev.agora.defaults.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses control characters and halves of surrogate pairs in every string a request body carries,
 * values and object keys alike ({@link TextInput}), while the body is read: a service never sees
 * such text, so none can reach a database, a log, an export or an encoder that throws on it.
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
            UnsafeTextException unsafe = text == null ? null : UnsafeTextException.of(parser, text);
            if (unsafe != null) {
                throw unsafe;
            }
            return text;
        }
    }

    private static final class SafeKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            UnsafeTextException unsafe = UnsafeTextException.of(context.getParser(), key);
            if (unsafe != null) {
                throw unsafe;
            }
            return key;
        }
    }
}
