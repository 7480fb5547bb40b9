package dev.agora.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PostgreSQL spent per statement during a measurement, from {@code pg_stat_statements}: which
 * statements a request costs and how long each took inside the server ({@code make bench
 * BENCH_ARGS=--pg-statements}). Needs the module loaded at the server's start ({@link #SETTINGS};
 * an external PostgreSQL must have it in {@code shared_preload_libraries}).
 */
final class PgStatements {

    /**
     * Statements the services send ({@code top}), not those PostgreSQL runs inside them (foreign-key
     * checks, triggers' statements).
     */
    static final Map<String, String> SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track", "top", "pg_stat_statements.max", "5000");

    /**
     * @param database where it ran
     * @param calls how many times
     * @param execMs wall time inside PostgreSQL executing it, all calls (waiting for a core included)
     * @param planMs the same, planning it
     * @param rows rows it returned or changed, all calls
     * @param query the statement, parameters as {@code $n}
     */
    record Statement(String database, long calls, double execMs, double planMs, long rows, String query) {

        double ms() {
            return execMs + planMs;
        }
    }

    private final String url;
    private final String user;
    private final String password;

    PgStatements(String host, int port, String user, String password) {
        this.url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        this.user = user;
        this.password = password;
    }

    /** Forgets what was counted so far: the next {@link #read()} covers only what runs after this. */
    void reset() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            c.createStatement().execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Every statement counted since the last {@link #reset()}, the costliest first. */
    List<Statement> read() throws SQLException {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery("""
                SELECT d.datname, s.calls, s.total_exec_time, s.total_plan_time, s.rows, s.query
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                ORDER BY s.total_exec_time + s.total_plan_time DESC""")) {
            List<Statement> statements = new ArrayList<>();
            while (r.next()) {
                statements.add(new Statement(r.getString(1), r.getLong(2), r.getDouble(3), r.getDouble(4), r.getLong(5),
                        r.getString(6)));
            }
            return statements;
        }
    }

    /**
     * Per request: the statements and server milliseconds of each database, then the {@code top}
     * costliest statements, as Markdown tables.
     */
    static String perRequest(List<Statement> statements, long requests, int top) {
        double n = Math.max(1, requests);
        StringBuilder out = new StringBuilder();
        out.append("| database | statements per request | PostgreSQL ms per request |\n|---|---:|---:|\n");
        Map<String, double[]> byDatabase = new java.util.TreeMap<>();
        for (Statement s : statements) {
            double[] sums = byDatabase.computeIfAbsent(s.database(), d -> new double[2]);
            sums[0] += s.calls();
            sums[1] += s.ms();
        }
        double calls = 0;
        double ms = 0;
        for (var e : byDatabase.entrySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f |%n", e.getKey(), e.getValue()[0] / n, e.getValue()[1] / n));
            calls += e.getValue()[0];
            ms += e.getValue()[1];
        }
        out.append(String.format(Locale.ROOT, "| **all** | **%.1f** | **%.2f** |%n%n", calls / n, ms / n));
        out.append("| database | calls per request | ms per request | statement |\n|---|---:|---:|---|\n");
        statements.stream().limit(top).forEach(s -> out.append(String.format(Locale.ROOT, "| %s | %.2f | %.3f | `%s` |%n",
                s.database(), s.calls() / n, s.ms() / n, abbreviate(s.query()))));
        return out.toString();
    }

    private static String abbreviate(String query) {
        String line = query.replaceAll("\\s+", " ").replace("|", "\\|").replace("`", "'").trim();
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
