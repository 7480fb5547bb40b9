package dev.agora.testsupport;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A PostgreSQL transaction a test holds open on a connection of its own, to stand for the other
 * side of a race: the test writes what the other side would, starts a request, waits until that
 * request waits for this transaction's locks, then commits. The interleaving is then certain, not a
 * matter of timing. Use it in try-with-resources: what was not committed is rolled back.
 */
public final class OpenTransaction implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ConnectionFactory connections;
    private final Connection connection;
    private final int backendPid;
    private boolean open = true;

    private OpenTransaction(ConnectionFactory connections, Connection connection) {
        this.connections = connections;
        this.connection = connection;
        this.backendPid = Mono.from(connection.createStatement("SELECT pg_backend_pid() AS pid").execute())
            .flatMapMany(result -> result.map((row, meta) -> row.get("pid", Integer.class)))
            .single().block(WAIT);
    }

    /** Begins a transaction on a new connection from {@code connections} (the service's pool). */
    public static OpenTransaction begin(ConnectionFactory connections) {
        OpenTransaction open = new OpenTransaction(connections, Mono.from(connections.create()).block(WAIT));
        open.run("BEGIN");
        return open;
    }

    /** Runs one statement inside the transaction, for its locks and writes; its rows are ignored. */
    public OpenTransaction run(String sql) {
        Flux.from(connection.createStatement(sql).execute()).flatMap(result -> result.getRowsUpdated()).blockLast(WAIT);
        return this;
    }

    /**
     * Returns once another session waits for a lock this transaction holds. Only waits on this
     * transaction count, so a lock wait elsewhere in the database cannot end the wait early.
     */
    public OpenTransaction awaitAWaiter() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (waiters() > 0) {
                return this;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Nothing waited for the open transaction's locks within " + WAIT);
    }

    private long waiters() {
        Long count = Mono.usingWhen(connections.create(),
                other -> Mono.from(other.createStatement(
                        "SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))")
                    .bind("$1", backendPid).execute())
                    .flatMapMany(result -> result.map((row, meta) -> row.get("n", Long.class))).single(),
                Connection::close)
            .block(WAIT);
        return count == null ? 0 : count;
    }

    public void commit() {
        run("COMMIT");
        open = false;
    }

    /** Rolls back what was not committed (a failed test), so the connection goes back clean. */
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
