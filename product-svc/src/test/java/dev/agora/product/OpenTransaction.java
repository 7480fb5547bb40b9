package dev.agora.product;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A transaction a test holds open on its own connection, to stand for the other side of a race:
 * the test starts a request, waits until the request waits for this transaction's locks, then
 * commits. The interleaving is then certain, not a matter of timing.
 */
final class OpenTransaction implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Connection connection;
    private final DatabaseClient db;
    private boolean open = true;

    private OpenTransaction(Connection connection, DatabaseClient db) {
        this.connection = connection;
        this.db = db;
    }

    static OpenTransaction begin(ConnectionFactory connections, DatabaseClient db) {
        OpenTransaction open = new OpenTransaction(Mono.from(connections.create()).block(WAIT), db);
        open.run("BEGIN");
        return open;
    }

    OpenTransaction run(String sql) {
        Mono.from(connection.createStatement(sql).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).block(WAIT);
        return this;
    }

    /** Returns once another session of this database waits for a lock (this transaction's). */
    OpenTransaction awaitAWaiter() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Long waiting = db.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                .map(r -> r.get("n", Long.class)).one().block(WAIT);
            if (waiting != null && waiting > 0) {
                return this;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Nothing waited for the open transaction's locks within " + WAIT);
    }

    void commit() {
        run("COMMIT");
        open = false;
    }

    /** Rolls back what was not committed (a failed test), so the pooled connection goes back clean. */
    @Override
    public void close() {
        try {
            if (open) {
                run("ROLLBACK");
            }
        }
        finally {
            Mono.from(connection.close()).block(WAIT);
        }
    }
}
