package dev.agora.defaults.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Mirrors one Reactor context key into the SLF4J MDC of whatever thread runs the pipeline.
 */
public final class MdcThreadLocalAccessor implements ThreadLocalAccessor<String> {

    /** Context and MDC key of the authenticated user's id. */
    public static final String USER_ID = "userId";

    private final String key;

    public MdcThreadLocalAccessor(String key) {
        this.key = key;
    }

    @Override
    public Object key() {
        return key;
    }

    @Override
    public String getValue() {
        return MDC.get(key);
    }

    @Override
    public void setValue(String value) {
        MDC.put(key, value);
    }

    @Override
    public void setValue() {
        MDC.remove(key);
    }
}
