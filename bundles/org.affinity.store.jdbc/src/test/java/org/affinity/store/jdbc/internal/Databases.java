package org.affinity.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The databases the store suite runs against: H2 always; PostgreSQL when AFFINITY_TEST_POSTGRES_URL
 * (and _USER, _PASSWORD) name a server, as .ci/run arranges. Without it the PostgreSQL cases are
 * reported as skipped, never silently passed.
 */
final class Databases {

    static final String POSTGRES_URL = "AFFINITY_TEST_POSTGRES_URL";

    private Databases() {
    }

    static List<Dialect> all() {
        return List.of(Dialect.H2, Dialect.POSTGRESQL);
    }

    /** A fresh, empty database of the given kind; close it after the test. */
    static HikariDataSource fresh(Dialect dialect, Path folder) throws SQLException {
        HikariDataSource pool = new HikariDataSource();
        pool.setMaximumPoolSize(8);
        if (dialect == Dialect.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + folder.resolve("store").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            pool.setDataSource(h2);
            return pool;
        }
        String url = System.getenv(POSTGRES_URL);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL not configured: set " + POSTGRES_URL + " (.ci/run does)");
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setUser(env("AFFINITY_TEST_POSTGRES_USER", "affinity"));
        postgres.setPassword(env("AFFINITY_TEST_POSTGRES_PASSWORD", "affinity"));
        pool.setDataSource(postgres);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : new ArrayList<>(List.of("events", "items", "members", "affinity_schema"))) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return pool;
    }

    /** Reopens the same database (H2: the same file) as a new pool. */
    static HikariDataSource reopen(Dialect dialect, Path folder) throws SQLException {
        if (dialect == Dialect.H2) {
            return fresh(dialect, folder);
        }
        HikariDataSource pool = new HikariDataSource();
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv(POSTGRES_URL));
        postgres.setUser(env("AFFINITY_TEST_POSTGRES_USER", "affinity"));
        postgres.setPassword(env("AFFINITY_TEST_POSTGRES_PASSWORD", "affinity"));
        pool.setDataSource(postgres);
        return pool;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
