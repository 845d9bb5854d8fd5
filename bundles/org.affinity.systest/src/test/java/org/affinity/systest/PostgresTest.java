package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The exported runtime on the CI's PostgreSQL through the environment shortcut (AFFINITY_DB_URL,
 * _USER, _PASSWORD, which `./affinity run --db` sets): events land in PostgreSQL, not in H2, and
 * the password appears neither on the java command line nor in the log or the console output.
 *
 * <p>It logs in as a role of its own with a random password (the CI's role may create roles), so
 * that looking for the password in the logs finds nothing but a leak; its tables live in a schema
 * of their own, dropped afterwards.
 */
class PostgresTest {

    private static final String URL = "AFFINITY_TEST_POSTGRES_URL";

    @TempDir
    Path data;

    @Test
    void theEnvironmentShortcutPutsTheStoreOnPostgresqlAndThePasswordShowsNowhere() throws Exception {
        String url = System.getenv(URL);
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL not configured: " + URL + " is unset "
                + "(.ci/run sets it from .ci/postgres-up, which installs and starts a local PostgreSQL)");
        String admin = env("AFFINITY_TEST_POSTGRES_USER", "affinity");
        String adminPassword = env("AFFINITY_TEST_POSTGRES_PASSWORD", "affinity");
        String role = "systest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = "pw-" + UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(url, admin, adminPassword);
                Statement sql = connection.createStatement()) {
            try {
                sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            } catch (SQLException e) {
                throw new AssertionError("the test role cannot be created (" + e.getMessage() + "): .ci/postgres-up "
                        + "gives " + admin + " CREATEROLE", e);
            }
            sql.execute("GRANT " + role + " TO " + admin); // so that the schema can be dropped afterwards
            sql.execute("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
        }
        try (Runtime runtime = Runtime.start(data, false, Map.of("AFFINITY_DB_URL",
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + role, "AFFINITY_DB_USER", role,
                "AFFINITY_DB_PASSWORD", password))) {
            runtime.awaitUp(Duration.ofSeconds(60));
            HttpResponse<String> posted = runtime.post("/api/events", "["
                    + "{\"id\":\"pg-e1\",\"type\":\"view\",\"member\":\"pg-m1\",\"item\":\"pg-i1\",\"time\":\"2011-06-01T10:00:00Z\"},"
                    + "{\"id\":\"pg-e2\",\"type\":\"purchase\",\"member\":\"pg-m1\",\"item\":\"pg-i1\",\"quantity\":1,"
                    + "\"price\":2.5,\"time\":\"2011-06-01T10:01:00Z\"},"
                    + "{\"id\":\"pg-e3\",\"type\":\"view\",\"member\":\"pg-m2\",\"item\":\"pg-i2\",\"time\":\"2011-06-01T10:02:00Z\"}]");
            assertEquals(200, posted.statusCode(), posted.body());
            JsonNode counts = new ObjectMapper().readTree(runtime.get("/api/store").body());
            assertEquals(3, counts.get("events").asInt(), counts.toString());

            try (Connection connection = DriverManager.getConnection(url, role, password);
                    Statement sql = connection.createStatement()) {
                assertEquals(List.of("pg-e1", "pg-e2", "pg-e3"), ids(sql, "SELECT id FROM " + role + ".events ORDER BY id"),
                        "the events are in PostgreSQL");
                assertEquals(List.of("pg-m1", "pg-m2"), ids(sql, "SELECT id FROM " + role + ".members ORDER BY id"));
            }
            String log = Files.readString(data.resolve("log/affinity.log"));
            assertTrue(log.contains("store open on postgresql"), log);
            assertFalse(log.contains("store open on h2"), "the store never opened on H2, not even for a moment:\n" + log);
            assertFalse(Files.exists(data.resolve("store/affinity.mv.db")), "no H2 database was made");

            List<String> commandLine = runtime.process.info().arguments().map(List::of).orElse(List.of());
            assertFalse(commandLine.isEmpty(), "the process's command line can be read");
            assertFalse(String.join(" ", commandLine).contains(password), "the password is not on the command line");
            assertFalse(log.contains(password), "the password is not in the log");
            assertFalse(runtime.output().contains(password), "the password is not in the console output");
            if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("config"))),
                        "ConfigAdmin keeps the password in " + data.resolve("config") + ": the owner's only");
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(url, admin, adminPassword);
                    Statement sql = connection.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS " + role + " CASCADE");
                sql.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static List<String> ids(Statement sql, String query) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
