package org.affinity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.profile.internal.StandaloneProfiles;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;

import com.zaxxer.hikari.HikariDataSource;

/**
 * ./affinity bench profiles [model]
 *
 * Imports the Online Retail file into a fresh H2 store while the profile engine listens, as in
 * the platform (the store's listener thread applies each event; a background thread resolves item
 * vectors with the real embedding model and writes member vectors to a real Lucene collection), and
 * records how long each event's profile update took. Then rebuilds every profile from the store
 * twice: with the item vectors already known, and cold (a new engine, the model's cache off, so
 * every item title is embedded).
 */
public final class ProfilesBench {

    public static void main(String[] args) throws Exception {
        String modelId = args.length > 0 ? args[0] : "all-minilm-l6-v2-q";
        Path file = BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz");
        System.out.println("Profiles: Online Retail into a fresh H2 store with profiles listening; model " + modelId + "; "
                + BenchEnvironment.describe());
        Path folder = Files.createTempDirectory("affinity-profiles-bench");
        ZoneId zone = ZoneId.of("Europe/London");
        Table table = new Table(System.out, "phase", "events", "seconds", "events/s", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "profiles");
        try (HikariDataSource baseline = IngestBench.h2(folder.resolve("h2-baseline"))) {
            // The same import without profiles, on the same machine at the same time: what profiling adds.
            JdbcStore store = new JdbcStore(baseline, Dialect.H2, 256, Duration.ofSeconds(10));
            long start = System.nanoTime();
            ImportReport report = (ImportReport) new ImportRun(new ImportRequest(file, "online-retail", Map.of(),
                    Map.of("consent", "all")), store).run(new RecordingJobContext());
            double seconds = (System.nanoTime() - start) / 1e9;
            table.row("import alone, no profiles (baseline)", report.imported(), seconds, report.imported() / seconds, "-", "-",
                    "-", "-", 0);
            store.close();
        }
        try (HikariDataSource database = IngestBench.h2(folder.resolve("h2"));
                OnnxEmbeddingModel model = BenchModels.open(modelId, EmbeddingSettings.DEFAULTS)) {
            JdbcStore store = new JdbcStore(database, Dialect.H2, 256, Duration.ofSeconds(10));
            LuceneVectorIndex index = new LuceneVectorIndex(folder.resolve("vectors"), Tuning.defaults());
            StandaloneProfiles profiles = new StandaloneProfiles(store, model, index, zone, folder.resolve("profiles"));
            Latencies latencies = new Latencies();
            profiles.probe(latencies::record);
            store.addListener(profiles.listener());
            AtomicBoolean importing = new AtomicBoolean(true);
            Thread background = new Thread(() -> {
                while (importing.get() || profiles.waiting()) {
                    profiles.step();
                    sleep(250);
                }
            }, "profiles-background");
            background.start();

            long start = System.nanoTime();
            ImportReport report = (ImportReport) new ImportRun(new ImportRequest(file, "online-retail", Map.of(),
                    Map.of("consent", "all")), store).run(new RecordingJobContext());
            store.awaitListeners(Duration.ofMinutes(5));
            double ingest = (System.nanoTime() - start) / 1e9;
            importing.set(false);
            background.join();
            profiles.step();
            double withVectors = (System.nanoTime() - start) / 1e9;
            profiles.refresh();
            table.row("incremental, during the import (per event)", latencies.count(), ingest, latencies.count() / ingest,
                    latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(99.9),
                    latencies.percentileMillis(100), profiles.profiles());
            table.row("import + every member vector written", report.imported(), withVectors, report.imported() / withVectors,
                    "-", "-", "-", "-", profiles.profiles());

            rebuild(table, "rebuild, item vectors known", profiles);
            store.removeListener(profiles.listener());
            try (OnnxEmbeddingModel uncached = BenchModels.open(modelId, new EmbeddingSettings(1, 32, 0))) {
                StandaloneProfiles cold = new StandaloneProfiles(store, uncached, index, zone, folder.resolve("profiles-cold"));
                rebuild(table, "rebuild, cold (embeds every item title)", cold);
            }
            index.close();
            store.close();
        } finally {
            delete(folder);
        }
    }

    private static void rebuild(Table table, String phase, StandaloneProfiles profiles) {
        long start = System.nanoTime();
        Map<String, Object> report = profiles.rebuild(new RecordingJobContext());
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = ((Number) report.get("events")).longValue();
        table.row(phase, events, seconds, events / seconds, "-", "-", "-", "-", report.get("profiles"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
