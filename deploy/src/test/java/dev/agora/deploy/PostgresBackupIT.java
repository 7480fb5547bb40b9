package dev.agora.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's PostgreSQL backup and the documented restore (docs/runbooks.md), run as the CronJob
 * and the restore Job run them: the same scripts from {@code helm/agora/files/backup}, against a
 * real server with databases, owners and privileges as the DB-init job makes them. Needs
 * {@code pg_dump}, {@code pg_restore} and {@code psql} of the server's major version on the PATH
 * ({@code .ci/run} installs Debian's postgresql-client).
 */
class PostgresBackupIT {

    private static final Path SCRIPTS = Render.ROOT.resolve("helm/agora/files/backup");
    private static final List<String> DATABASES = List.of("shopdb", "auditdb");

    private static EmbeddedPostgres server;

    @TempDir
    Path backups;

    @BeforeAll
    static void start() throws Exception {
        Result client = run(List.of("pg_dump", "--version"), Map.of());
        assertThat(client.exit()).as("pg_dump on the PATH (apt-get install postgresql-client): %s", client.output())
            .isZero();
        server = EmbeddedPostgres.builder().start();
        for (String db : DATABASES) {
            String owner = db + "_user";
            // What the DB-init job does for each service.
            sql("postgres", "postgres", "CREATE ROLE " + owner + " LOGIN PASSWORD 'secret'",
                    "CREATE DATABASE " + db + " OWNER " + owner, "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC",
                    "GRANT ALL ON DATABASE " + db + " TO " + owner);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshData() throws SQLException {
        // As the services' migrations would, owned by the service's user.
        sql("shopdb", "shopdb_user", "DROP TABLE IF EXISTS orders", "DROP TABLE IF EXISTS added_later",
                "CREATE TABLE orders (id bigserial PRIMARY KEY, reference text UNIQUE NOT NULL, total numeric(12, 2) NOT NULL)",
                "INSERT INTO orders (reference, total) SELECT 'AG-' || n, n * 1.25 FROM generate_series(1, 500) n");
        sql("auditdb", "auditdb_user", "DROP TABLE IF EXISTS entries",
                "CREATE TABLE entries (id int PRIMARY KEY, note text)", "INSERT INTO entries VALUES (1, 'first'), (2, 'second')");
    }

    @Test
    void restoresEveryDatabaseAsItWasAtTheBackup() throws Exception {
        String backup = backup(Map.of()).single();
        assertThat(backups.resolve(backup)).isDirectoryContaining("glob:**/shopdb.dump")
            .isDirectoryContaining("glob:**/auditdb.dump").isDirectoryContaining("glob:**/SHA256SUMS");

        // Life goes on after the backup: rows change, a later migration adds a table.
        sql("shopdb", "shopdb_user", "DELETE FROM orders WHERE id > 100", "UPDATE orders SET total = 0",
                "INSERT INTO orders (reference, total) VALUES ('AG-LATE', 9)", "CREATE TABLE added_later (id int)");
        sql("auditdb", "auditdb_user", "DELETE FROM entries");

        Result restore = restore(backup);

        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(query("shopdb", "SELECT count(*) || ' ' || sum(total) FROM orders")).isEqualTo("500 156562.50");
        assertThat(query("shopdb", "SELECT count(*) FROM orders WHERE reference = 'AG-LATE'")).isEqualTo("0");
        assertThat(query("shopdb", "SELECT count(*) FROM pg_tables WHERE tablename = 'added_later'")).isEqualTo("0");
        assertThat(query("auditdb", "SELECT string_agg(note, ',' ORDER BY id) FROM entries")).isEqualTo("first,second");
        // The service's user still owns its tables and its database, and nobody else may connect.
        assertThat(query("shopdb", "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).isEqualTo("shopdb_user");
        assertThat(query("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'shopdb'"))
            .isEqualTo("shopdb_user");
        assertThat(query("postgres", "SELECT has_database_privilege('auditdb_user', 'shopdb', 'CONNECT')")).isEqualTo("f");
        // Sequences come back too: the next order does not collide with a restored one.
        sql("shopdb", "shopdb_user", "INSERT INTO orders (reference, total) VALUES ('AG-NEXT', 1)");
        assertThat(query("shopdb", "SELECT count(*) FROM orders")).isEqualTo("501");
    }

    @Test
    void restoresOnlyTheNamedDatabase() throws Exception {
        String backup = backup(Map.of()).single();
        sql("shopdb", "shopdb_user", "DELETE FROM orders");
        sql("auditdb", "auditdb_user", "DELETE FROM entries");

        Result restore = restore(backup, "shopdb");

        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(query("shopdb", "SELECT count(*) FROM orders")).isEqualTo("500");
        assertThat(query("auditdb", "SELECT count(*) FROM entries")).isEqualTo("0");
    }

    @Test
    void refusesABackupWhoseFilesChangedAndLeavesTheDatabasesAlone() throws Exception {
        String backup = backup(Map.of()).single();
        sql("shopdb", "shopdb_user", "DELETE FROM orders WHERE id > 10");
        Files.write(backups.resolve(backup).resolve("shopdb.dump"), new byte[] { 0 },
                java.nio.file.StandardOpenOption.APPEND);

        Result restore = restore(backup);

        assertThat(restore.exit()).isNotZero();
        assertThat(restore.output()).contains("shopdb.dump").containsIgnoringCase("failed");
        assertThat(query("shopdb", "SELECT count(*) FROM orders")).isEqualTo("10");
    }

    @Test
    void aBackupThatFailsLeavesNoBackupBehind() throws Exception {
        Backups result = backup(Map.of("DATABASES", "shopdb nosuchdb"));

        assertThat(result.run().exit()).isNotZero();
        try (Stream<Path> left = Files.list(backups)) {
            assertThat(left).as("neither a dated directory nor a partial one").isEmpty();
        }
    }

    @Test
    void keepsBackupsForTheRetentionAndNeverTheHalfWrittenOnes() throws Exception {
        Path old = aged("2026-01-01T031700Z", Duration.ofDays(10));
        Path recent = aged("2026-01-08T031700Z", Duration.ofDays(2));
        Path crashed = aged(".2026-01-09T031700Z.partial", Duration.ofHours(3));

        String made = backup(Map.of("RETENTION_DAYS", "7")).newest();

        assertThat(old).doesNotExist();
        assertThat(crashed).doesNotExist();
        assertThat(recent).exists();
        assertThat(backups.resolve(made)).exists();
    }

    @Test
    void aRestoreNamesWhatItCannotFind() throws Exception {
        backup(Map.of()).single();

        Result missing = restore("2020-01-01T000000Z");

        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("No complete backup 2020-01-01T000000Z");
    }

    private Path aged(String name, Duration age) throws IOException {
        Path dir = Files.createDirectories(backups.resolve(name));
        Files.writeString(dir.resolve("SHA256SUMS"), "");
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
        return dir;
    }

    private Backups backup(Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(libpq());
        env.put("DATABASES", String.join(" ", DATABASES));
        env.put("BACKUP_DIR", backups.toString());
        env.putAll(overrides);
        Result result = run(List.of("sh", SCRIPTS.resolve("postgresql-backup.sh").toString()), env);
        return new Backups(result, backups);
    }

    private Result restore(String backup, String... databases) throws Exception {
        Map<String, String> env = new HashMap<>(libpq());
        env.put("BACKUP_DIR", backups.toString());
        List<String> command = new ArrayList<>(List.of("sh", SCRIPTS.resolve("postgresql-restore.sh").toString(), backup));
        command.addAll(List.of(databases));
        return run(command, env);
    }

    private static Map<String, String> libpq() {
        return Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(server.getPort()), "PGUSER", "postgres",
                "PGPASSWORD", "unused-locally", "PGCONNECT_TIMEOUT", "5");
    }

    private record Result(int exit, String output) {
    }

    /** A backup run and the dated directories it left. */
    private record Backups(Result run, Path dir) {

        String single() throws IOException {
            assertThat(run.exit()).as(run.output()).isZero();
            List<String> dated = dated();
            assertThat(dated).as("one complete backup, no partial one").hasSize(1);
            try (Stream<Path> all = Files.list(dir)) {
                assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
            }
            return dated.getFirst();
        }

        String newest() throws IOException {
            assertThat(run.exit()).as(run.output()).isZero();
            return dated().getLast();
        }

        private List<String> dated() throws IOException {
            try (Stream<Path> all = Files.list(dir)) {
                return all.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}-\\d{2}-\\d{2}T\\d{6}Z")).sorted()
                    .toList();
            }
        }
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static void sql(String db, String user, String... statements) throws SQLException {
        try (Connection c = connect(db, user); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static String query(String db, String select) throws SQLException {
        try (Connection c = connect(db, "postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(String db, String user) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/" + db, user, "secret");
    }
}
