package dev.agora.defaults.r2dbc;

import java.util.regex.Pattern;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL notifications ({@code LISTEN}) on a channel, over a connection of their own: a
 * pooled connection would go back to the pool, and its {@code LISTEN} with it. The flux first
 * emits an empty string once it listens (anything sent while it was not listening is not heard,
 * so whoever listens looks once), then each notification's payload. It ends or fails with its
 * connection; the caller listens again.
 */
public final class PgNotifications {

    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");

    private PgNotifications() {
    }

    /** Notifications on {@code channel}, or a flux that never emits when the database is not PostgreSQL. */
    public static Flux<String> listen(ConnectionFactory connections, String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        PostgresqlConnectionFactory postgres = postgres(connections);
        if (postgres == null) {
            return Flux.never();
        }
        return Flux.usingWhen(postgres.create(), connection -> listen(connection, channel), PostgresqlConnection::close);
    }

    private static Flux<String> listen(PostgresqlConnection connection, String channel) {
        Mono<Void> listening = connection.createStatement("LISTEN " + channel)
            .execute()
            .flatMap(PostgresqlResult::getRowsUpdated)
            .then();
        return listening.thenMany(Flux.concat(Mono.just(""),
                connection.getNotifications().map(notification -> notification.getParameter() == null ? ""
                        : notification.getParameter())));
    }

    /** The PostgreSQL factory under the pool and the tracing proxy, if that is what it is. */
    static PostgresqlConnectionFactory postgres(ConnectionFactory connections) {
        Object factory = connections;
        for (int depth = 0; depth < 8 && factory != null; depth++) {
            if (factory instanceof PostgresqlConnectionFactory postgres) {
                return postgres;
            }
            factory = factory instanceof Wrapped<?> wrapped ? wrapped.unwrap() : null;
        }
        return null;
    }
}
