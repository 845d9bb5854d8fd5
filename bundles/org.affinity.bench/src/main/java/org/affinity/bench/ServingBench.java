package org.affinity.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Serving latency of the recommendation strategies on the full Online Retail store (H2 file, the
 * runtime's backend): each strategy alone, and through the Recommendations router (routing, history
 * look-up, purchase exclusion, filters), at a steady request rate (open loop: latency counts from
 * the scheduled start, so a stall is not hidden). With --url it also measures the running platform
 * over HTTP.
 */
public final class ServingBench {

    public static void main(String[] args) throws Exception {
        int rate = 200;
        int seconds = 10;
        String url = null;
        String key = System.getenv("AFFINITY_API_KEY");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                case "--key" -> key = Files.readString(Path.of(args[++i])).strip();
                default -> throw new IllegalArgumentException("usage: bench serving [--rate N] [--seconds N] "
                        + "[--url http://localhost:8080 [--key FILE]] (the key: FILE, else $AFFINITY_API_KEY, else "
                        + "var/security/admin.key of ./affinity run)");
            }
        }
        System.out.println("# Serving latency, Online Retail (full demo file, H2), " + rate + " requests/s for " + seconds
                + " s per row, n=10; " + BenchEnvironment.describe());
        Path folder = BenchEnvironment.root().resolve("bundles/org.affinity.bench/target/bench/serving-store");
        boolean fresh = !Files.exists(folder.resolve("store.mv.db"));
        Files.createDirectories(folder);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.resolve("store").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536");
        try (HikariDataSource database = new HikariDataSource()) {
            database.setDataSource(h2);
            JdbcStore store = new JdbcStore(database, Dialect.H2, 256, Duration.ofSeconds(10));
            if (fresh) {
                System.out.println("importing the demo file once into " + folder);
                new ImportRun(new ImportRequest(BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz"),
                        "online-retail", Map.of(), Map.of()), store).run(new RecordingJobContext());
            }
            run(store, rate, seconds, url, key);
            store.close();
        }
    }

    private static void run(JdbcStore store, int rate, int seconds, String url, String apiKey) throws Exception {
        String key = apiKey;
        ServedStrategies served = new ServedStrategies(store);
        served.popularity();
        // cf and content as the runtime serves them: the components themselves, reading histories and
        // item rows from the store (cf trains its model as its job; content fills its neighbour lists).
        long fitting = System.nanoTime();
        Path cfFolder = Files.createTempDirectory("affinity-serving-cf");
        Map<String, Object> cfReport = served.cf(cfFolder, Duration.ofMinutes(15));
        // With the shipped settings the training searches its model first: the search's time is the "tuning within a budget".
        System.out.printf("cf: trained on the store's events in %.0f s: %s %s; %s%n", (System.nanoTime() - fitting) / 1e9,
                cfReport.get("family"), cfReport.get("parameters"), cfReport.getOrDefault("search", "no search"));
        List<String> members = members(store);
        String probe = members.get(0);
        Path vectors = Files.createTempDirectory("affinity-serving-vectors");
        org.affinity.vector.lucene.internal.LuceneVectorIndex itemVectors = new org.affinity.vector.lucene.internal.LuceneVectorIndex(
                vectors, org.affinity.vector.lucene.internal.Tuning.defaults());
        RecoBench.embedItems(store, itemVectors, "all-minilm-l6-v2-q");
        long filling = System.nanoTime();
        int lists = served.content(itemVectors, probe, store.counts().items(), Duration.ofMinutes(5));
        System.out.printf("content: %,d neighbour lists remembered in %.0f s%n", lists, (System.nanoTime() - filling) / 1e9);
        Recommendations router = served.router(true, Duration.ofMinutes(15));
        Map<String, Recommender> strategies = served.strategies();
        // Steady state: every member served once first, so the store's caches hold every history and
        // item row (a running shop's do after its first hours), and the rows measure serving, not filling.
        long warming = System.nanoTime();
        for (String member : members) {
            router.recommend(RecommendationRequest.forMember(member, 10).withStrategy("hybrid"));
        }
        System.out.printf("every member (%,d) served once through the router in %.0f s%n", members.size(),
                (System.nanoTime() - warming) / 1e9);
        // What the warm-up cached (history and item rows, tastes, features) is long-lived: a running
        // server has long since moved it to the old generation. One full collection does that here,
        // so the rows' young pauses copy only what requests make, as in a server that has run a while.
        System.gc();
        Table table = new Table(System.out, "path", "strategy", "requests", "achieved/s", "p50 ms", "p99 ms", "max ms",
                "GC pauses", "GC pause ms");
        for (Map.Entry<String, Recommender> strategy : strategies.entrySet()) {
            measure(table, "strategy alone", strategy.getKey(), rate, seconds, members,
                    member -> strategy.getValue().recommend(RecommendationRequest.forMember(member, 10)));
        }
        for (String strategy : strategies.keySet()) {
            measure(table, "router in-process", strategy, rate, seconds, members,
                    member -> router.recommend(RecommendationRequest.forMember(member, 10).withStrategy(strategy)));
        }
        // The work itself, without queueing: every member once, one request at a time.
        for (String strategy : strategies.keySet()) {
            Latencies latencies = new Latencies();
            GcPauses gc = GcPauses.now();
            long start = System.nanoTime();
            for (String member : members) {
                long begin = System.nanoTime();
                router.recommend(RecommendationRequest.forMember(member, 10).withStrategy(strategy));
                latencies.record(System.nanoTime() - begin);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            GcPauses paused = GcPauses.now().since(gc);
            table.row("router, one at a time, every member", strategy, latencies.count(), latencies.count() / elapsed,
                    latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100), paused.count(),
                    paused.millis());
        }
        served.close();
        itemVectors.close();
        IngestBench.delete(vectors);
        IngestBench.delete(cfFolder);
        if (url != null) {
            Path runKey = BenchEnvironment.root().resolve("var/security/admin.key");
            if (key == null && Files.exists(runKey)) {
                key = Files.readString(runKey).strip();
            }
            if (key == null) {
                throw new IllegalArgumentException("the HTTP rows need an API key: --key FILE or AFFINITY_API_KEY");
            }
            String base = url.replaceAll("/$", "");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String strategy : strategies.keySet()) {
                measure(table, "HTTP " + base, strategy, rate, seconds, members, overHttp(client, base, key, strategy), true);
            }
        }
    }

    /** Open loop: request i is due at start + i/rate; its latency runs from then to its end. */
    private static void measure(Table table, String path, String strategy, int rate, int seconds, List<String> members,
            Consumer<String> call) throws InterruptedException {
        measure(table, path, strategy, rate, seconds, members, call, false);
    }

    /** One member's recommendations from {@code strategy} over HTTP; anything but 200 throws. */
    static Consumer<String> overHttp(HttpClient client, String base, String key, String strategy) {
        String authorization = "Bearer " + key;
        return member -> {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/members/" + member + "/recommendations?n=10&strategy=" + strategy))
                        .header("Authorization", authorization).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** A row's latencies and how many of its calls failed. */
    record Measured(Latencies latencies, long failures) {
    }

    /** @param remote the calls go to another JVM, whose pauses this one does not see */
    static Measured measure(Table table, String path, String strategy, int rate, int seconds, List<String> members,
            Consumer<String> call, boolean remote) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            call.accept(members.get(i % members.size()));
        }
        Latencies latencies = new Latencies();
        AtomicLong failures = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        GcPauses gc = GcPauses.now();
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String member = members.get((int) (i * 7919 % members.size()));
            workers.execute(() -> {
                try {
                    call.accept(member);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
                latencies.record(System.nanoTime() - due);
            });
        }
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        GcPauses paused = GcPauses.now().since(gc);
        table.row(path + (failures.get() > 0 ? " (" + failures.get() + " failed)" : ""), strategy, latencies.count(),
                latencies.count() / elapsed, latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                remote ? "-" : paused.count(), remote ? "-" : paused.millis());
        return new Measured(latencies, failures.get());
    }

    /** Collector pauses of this JVM so far (the concurrent cycles, which do not stop requests, left out). */
    record GcPauses(long count, long millis) {
        static GcPauses now() {
            long count = 0;
            long millis = 0;
            for (java.lang.management.GarbageCollectorMXBean collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!collector.getName().contains("Concurrent")) {
                    count += Math.max(0, collector.getCollectionCount());
                    millis += Math.max(0, collector.getCollectionTime());
                }
            }
            return new GcPauses(count, millis);
        }

        GcPauses since(GcPauses before) {
            return new GcPauses(count - before.count, millis - before.millis);
        }
    }

    private static List<String> members(Store store) {
        Set<String> seen = new HashSet<>();
        List<String> members = new ArrayList<>();
        store.scanEvents(event -> {
            if (seen.add(event.memberId())) {
                members.add(event.memberId());
            }
        });
        return members;
    }
}
