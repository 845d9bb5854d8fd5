package org.affinity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * ./affinity bench ingest [--postgres jdbc:postgresql://host/db user password] [--runs N]
 *
 * Imports the full Online Retail file (the demo store, 541,909 lines) through the real import and
 * the real store into a fresh database, as the demo import does (two passes: catalogue, then
 * events in batches), and prints lines/s, events/s and the peak heap. Default database: a fresh
 * H2 file with the settings of the H2 backend (WRITE_DELAY=0: every batch durable when acknowledged).
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        String postgres = null;
        String user = "affinity";
        String password = "affinity";
        int runs = 2;
        String batches = "5000";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--postgres")) {
                postgres = args[++i];
                user = args[++i];
                password = args[++i];
            } else if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--batch")) {
                batches = args[++i];
            } else {
                throw new IllegalArgumentException("usage: ./affinity bench ingest [--postgres URL USER PASSWORD] [--runs N] [--batch N[,N...]]");
            }
        }
        Path file = BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz");
        System.out.println("Ingest: Online Retail (" + file.getFileName() + ") into a fresh "
                + (postgres == null ? "H2 file database" : "PostgreSQL database") + "; " + BenchEnvironment.describe());
        Table table = new Table(System.out, "run", "database", "batch", "lines", "events stored", "seconds", "lines/s",
                "events/s", "peak heap");
        for (int run = 1; run <= runs; run++) {
            for (String batch : batches.split(",")) {
                importOnce(table, run, batch.trim(), file, postgres, user, password);
            }
        }
    }

    private static void importOnce(Table table, int run, String batch, Path file, String postgres, String user,
            String password) throws Exception {
        Path folder = Files.createTempDirectory("affinity-ingest-bench");
        try (HikariDataSource database = postgres == null ? h2(folder) : postgres(postgres, user, password)) {
            Dialect dialect = postgres == null ? Dialect.H2 : Dialect.POSTGRESQL;
            JdbcStore store = new JdbcStore(database, dialect, 256, Duration.ofSeconds(10));
            PeakMemory.reset();
            long start = System.nanoTime();
            ImportReport report = (ImportReport) new ImportRun(new ImportRequest(file, "online-retail", Map.of(),
                    Map.of("consent", "all", "batch", batch)), store).run(new RecordingJobContext());
            double seconds = (System.nanoTime() - start) / 1e9;
            table.row(run, dialect.name().toLowerCase(), batch, report.read(), report.imported(), seconds,
                    report.read() / seconds, report.imported() / seconds, PeakMemory.mib(PeakMemory.peakHeapBytes()));
            store.close();
        } finally {
            delete(folder);
        }
    }

    static HikariDataSource h2(Path folder) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.resolve("store").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536");
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(h2);
        return pool;
    }

    private static HikariDataSource postgres(String url, String user, String password) throws Exception {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setUser(user);
        postgres.setPassword(password);
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(postgres);
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            for (String table : new String[] {"events", "items", "members", "affinity_schema"}) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return pool;
    }

    static void delete(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
