package dev.agora.defaults.r2dbc;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;

/**
 * Bind values that may be null: {@code spec.bind("reason", SqlValues.orNull(reason, String.class))}
 * instead of a {@code bindNull}/{@code bind} branch per column. The type tells the driver what a
 * null is.
 */
public final class SqlValues {

    private SqlValues() {
    }

    public static Parameter orNull(Object value, Class<?> type) {
        return value == null ? Parameters.in(type) : Parameters.in(value);
    }
}
