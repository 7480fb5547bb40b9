package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.testsupport.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code make bench --pg-statements} against a real PostgreSQL started as the bench starts it:
 * what ran after a reset is counted per statement and database, and nothing from before.
 */
class PgStatementsIT {

    static Path data;

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        // Not JUnit's @TempDir: PostgreSQL runs as an unprivileged user when the tests run as root,
        // and must be able to reach its data directory.
        data = Files.createTempDirectory("agora-pg-statements", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        postgres = EmbeddedPostgres.start(data.resolve("postgres"), 0, PgStatements.SETTINGS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        Directories.deleteRecursively(data);
    }

    @Test
    void countsTheStatementsOfEachDatabaseSinceTheReset() throws Exception {
        PgStatements statements = new PgStatements("127.0.0.1", postgres.port(), postgres.username(), postgres.password());
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE TABLE things (id int PRIMARY KEY, name text)");
            insert(c, 1, 3);
            statements.reset();
            insert(c, 100, 10);
            c.createStatement().executeQuery("SELECT count(*) FROM things").close();
        }

        List<PgStatements.Statement> counted = statements.read();

        assertThat(counted).filteredOn(s -> s.query().startsWith("INSERT INTO things"))
            .singleElement()
            .satisfies(s -> {
                assertThat(s.database()).isEqualTo("postgres");
                assertThat(s.calls()).isEqualTo(10);
                assertThat(s.rows()).isEqualTo(10);
                assertThat(s.ms()).isPositive();
            });
        assertThat(counted).noneMatch(s -> s.query().startsWith("CREATE TABLE"));
        String report = PgStatements.perRequest(counted, 5, 15);
        assertThat(report).contains("| postgres | 2.00 | ").contains("`INSERT INTO things (id, name) VALUES ($1, $2)`");
    }

    @Test
    void refusesASettingThatIsNotAPlainWord() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> EmbeddedPostgres.start(data.resolve("never"), 0, Map.of("shared_preload_libraries", "x' -c 'fsync=on")))
            .withMessageContaining("Not a plain PostgreSQL setting");
    }

    private static void insert(Connection c, int first, int count) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO things (id, name) VALUES (?, ?)")) {
            for (int i = first; i < first + count; i++) {
                insert.setInt(1, i);
                insert.setString(2, "thing " + i);
                insert.executeUpdate();
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", postgres.username(),
                postgres.password());
    }
}
