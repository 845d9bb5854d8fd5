package org.affinity.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: db/V&lt;n&gt;__&lt;what&gt;.sql applied in order, each in its own
 * transaction, recorded in affinity_schema. A database newer than this bundle is refused.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** The migrations this bundle knows, in order. New ones are appended, never edited. */
    static final List<String> SCRIPTS = List.of("V1__members_items_events.sql");

    private Migrations() {
    }

    /** Brings the schema to the newest version; returns the version it is at. */
    static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            createVersionTable(connection);
            int current = currentVersion(connection);
            int newest = current;
            for (String script : SCRIPTS) {
                Matcher name = NAME.matcher(script);
                if (!name.matches()) {
                    throw new IllegalStateException("bad migration name " + script);
                }
                int version = Integer.parseInt(name.group(1));
                newest = Math.max(newest, version);
                if (version <= current) {
                    continue;
                }
                apply(connection, version, name.group(2).replace('_', ' '), read(script));
                current = version;
            }
            if (current > newest) {
                throw new IllegalStateException("the database schema is at version " + current
                        + ", newer than this bundle knows (" + newest + "): update the store bundle");
            }
            return current;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS affinity_schema (version INT PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        connection.commit();
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM affinity_schema")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String description, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String command : statements(sql)) {
                statement.execute(command);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO affinity_schema (version, description, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, version);
                record.setString(2, description);
                record.setLong(3, System.currentTimeMillis());
                record.executeUpdate();
            }
            connection.commit();
            LOG.info("store schema migrated to version {} ({})", version, description);
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema migration V" + version + " (" + description + ") failed: " + e.getMessage(), e);
        }
    }

    /** Splits a script on semicolons at line ends; lines starting with -- are comments. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration db/" + script + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration db/" + script, e);
        }
    }
}
