package org.affinity.ingest.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.affinity.store.jdbc.internal.Dialect;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariDataSource;

/** H2 always; PostgreSQL when AFFINITY_TEST_POSTGRES_URL is set (.ci/run sets it), else skipped. */
final class TestDatabases {

    private TestDatabases() {
    }

    static HikariDataSource fresh(Dialect dialect, Path folder) throws Exception {
        HikariDataSource pool = new HikariDataSource();
        if (dialect == Dialect.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + folder.resolve("store").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            pool.setDataSource(h2);
            return pool;
        }
        String url = System.getenv("AFFINITY_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL not configured: set AFFINITY_TEST_POSTGRES_URL");
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setUser(System.getenv().getOrDefault("AFFINITY_TEST_POSTGRES_USER", "affinity"));
        postgres.setPassword(System.getenv().getOrDefault("AFFINITY_TEST_POSTGRES_PASSWORD", "affinity"));
        pool.setDataSource(postgres);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : new String[] {"events", "items", "members", "affinity_schema"}) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return pool;
    }
}
