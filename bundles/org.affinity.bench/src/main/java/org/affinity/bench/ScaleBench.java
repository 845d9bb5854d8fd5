package org.affinity.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.member.Consent;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchFilter;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.profile.internal.StandaloneProfiles;
import org.affinity.reco.testkit.Configs;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;

import com.zaxxer.hikari.HikariDataSource;

/**
 * ./affinity bench scale [--sizes 1x,10x,100x] [--budget-minutes 20] [--seed S] [--requests N]
 *
 * <p>Generates shops shaped like the demo ({@link ShopGenerator}) at each size and, per size in a
 * JVM of its own (so resident memory belongs to that size), measures what the platform does with
 * it, with the runtime's own classes: ingest into a fresh H2 store, the search index build (every
 * item title embedded by the shipped model into Lucene), the profile rebuild (with member vectors),
 * cf's training job, content's neighbour lists, serving latency of every strategy through the router
 * in-process, search latency, and the heap after a full collection after each step (what each
 * component keeps) and at the end with the resident set. Then a table of growth exponents between
 * consecutive sizes: log(cost2/cost1) / log(events2/events1), 1.0 being linear. Sizes run while the
 * budget lasts; a size that cannot finish in it is stopped and the tables say where.
 */
public final class ScaleBench {

    static final String MODEL = "all-minilm-l6-v2-q";

    public static void main(String[] args) throws Exception {
        List<Size> sizes = Stream.of("1x", "10x", "100x").map(Size::parse).toList();
        double budgetMinutes = 20;
        long seed = 18;
        int requests = 2_000;
        Double one = null;
        double lines = 1;
        Path given = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Stream.of(args[++i].split(",")).map(Size::parse).toList();
                case "--budget-minutes" -> budgetMinutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--one" -> one = factor(args[++i]);
                case "--lines" -> lines = Double.parseDouble(args[++i]);
                case "--folder" -> given = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("usage: ./affinity bench scale [--sizes 1x,10x,100x,1m/10m] "
                        + "[--budget-minutes 20] [--seed S] [--requests N per strategy] (a size: a factor of the demo, or members/events)");
            }
        }
        if (one != null) {
            // A child of the run below: one size, figures on stdout as they come.
            Path folder = given != null ? given : Files.createTempDirectory("affinity-scale-" + one + "-");
            try {
                measure(new ShopGenerator(one, lines, seed), seed, requests, folder, (name, value) -> System.out.println("figure\t" + name + "\t" + value),
                        phase -> System.out.println("phase\t" + phase));
            } finally {
                IngestBench.delete(folder);
            }
            System.exit(0);
        }
        System.out.println("# Scale: generated shops shaped like the demo (seed " + seed + "), each size in its own JVM; "
                + requests + " requests per strategy; budget " + budgetMinutes + " min; " + BenchEnvironment.describe());
        long deadline = System.nanoTime() + (long) (budgetMinutes * 60e9);
        List<Run> runs = new ArrayList<>();
        for (Size size : sizes) {
            if (System.nanoTime() >= deadline) {
                runs.add(new Run(size, new LinkedHashMap<>(), "not started: the budget was spent"));
                continue;
            }
            runs.add(child(size, seed, requests, deadline));
        }
        print(runs);
    }

    /** "10x" or "0.05" -> the factor. */
    static double factor(String size) {
        String number = size.strip().toLowerCase(java.util.Locale.ROOT);
        return Double.parseDouble(number.endsWith("x") ? number.substring(0, number.length() - 1) : number);
    }

    /**
     * A shop size: a factor of the demo ("10x": ten times its members and events) or members and
     * events ("1m/10m": a million members with about ten events each, the demo's baskets per member
     * with shorter baskets).
     */
    record Size(String label, double factor, double lines) {

        static Size parse(String token) {
            String text = token.strip().toLowerCase(java.util.Locale.ROOT);
            int slash = text.indexOf('/');
            if (slash < 0) {
                double factor = ScaleBench.factor(text);
                return new Size(ScaleBench.label(factor) + "x", factor, 1);
            }
            double members = count(text.substring(0, slash));
            double events = count(text.substring(slash + 1));
            if (!(members >= 10 && events >= members)) {
                throw new IllegalArgumentException("size '" + token + "': at least 10 members and one event per member");
            }
            return new Size(text, members / ShopGenerator.DEMO_MEMBERS, ShopGenerator.linesFor(events / members));
        }

        /** "44k", "1m", "437000" -> the number. */
        private static double count(String text) {
            double unit = text.endsWith("k") ? 1e3 : text.endsWith("m") ? 1e6 : 1;
            return Double.parseDouble(unit == 1 ? text : text.substring(0, text.length() - 1)) * unit;
        }
    }

    /** One size's figures, and why it stopped early (null when it finished). */
    record Run(Size size, Map<String, Double> figures, String stopped) {
    }

    private static Run child(Size size, long seed, int requests, long deadline) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // The parent makes the child's folder, so that a child stopped by the budget leaves no store behind.
        Path folder = Files.createTempDirectory("affinity-scale-" + size.label().replace('/', '-') + "-");
        command.addAll(List.of(ScaleBench.class.getName(), "--one", Double.toString(size.factor()), "--lines", Double.toString(size.lines()),
                "--seed", Long.toString(seed),
                "--requests", Integer.toString(requests), "--folder", folder.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // In the environment, as ./affinity passes it: a long command line crashes ONNX Runtime's native load.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        Map<String, Double> figures = new LinkedHashMap<>();
        String[] phase = {"starting"};
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] parts = line.split("\t");
                    if (parts[0].equals("figure") && parts.length == 3) {
                        synchronized (figures) {
                            figures.put(parts[1], Double.parseDouble(parts[2]));
                        }
                    } else if (parts[0].equals("phase") && parts.length == 2) {
                        phase[0] = parts[1];
                        System.err.printf("scale %s: %s%n", size.label(), parts[1]);
                    } else {
                        System.err.println(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child ended
            }
        }, "scale-" + size.label());
        reader.start();
        long left = deadline - System.nanoTime();
        boolean ended = process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
        String stopped = null;
        if (!ended) {
            process.destroyForcibly().waitFor();
            stopped = "stopped by the budget during: " + phase[0];
        } else if (process.exitValue() != 0) {
            stopped = "failed (exit " + process.exitValue() + ") during: " + phase[0];
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (Files.exists(folder)) {
            IngestBench.delete(folder);
        }
        synchronized (figures) {
            return new Run(size, new LinkedHashMap<>(figures), stopped);
        }
    }

    /** The rows of the tables, in order: figure name, what it says, and whether it is a cost (for the exponent). */
    record Row(String figure, String label, boolean cost) {
    }

    static final List<String> STRATEGIES = List.of("popularity", "trending", "cf", "content", "hybrid");

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("members", "members", false),
                new Row("items", "items", false),
                new Row("events", "events", false),
                new Row("ingest.seconds", "ingest: seconds", true),
                new Row("ingest.eventsPerSecond", "ingest: events/s", false),
                new Row("store.megabytes", "store on disk (MB)", true),
                new Row("index.seconds", "item index build: seconds (embed + Lucene)", true),
                new Row("profiles.seconds", "profile rebuild: seconds (with member vectors)", true),
                new Row("cf.seconds", "cf training: seconds", true),
                new Row("content.seconds", "content neighbour lists: seconds", true),
                new Row("hybrid.seconds", "hybrid blend learning: seconds", true)));
        rows.add(new Row("first.p50", "first request per member, hybrid (histories from H2): p50 ms", true));
        rows.add(new Row("first.p99", "first request per member, hybrid: p99 ms", true));
        for (String strategy : STRATEGIES) {
            rows.add(new Row("serve." + strategy + ".p50", strategy + " in-process: p50 ms", true));
            rows.add(new Row("serve." + strategy + ".p99", strategy + " in-process: p99 ms", true));
        }
        rows.add(new Row("search.p50", "text search: p50 ms", true));
        rows.add(new Row("search.p99", "text search: p99 ms", true));
        rows.add(new Row("similar.p50", "similar items: p50 ms", true));
        rows.add(new Row("similar.p99", "similar items: p99 ms", true));
        for (String component : COMPONENTS) {
            rows.add(new Row("heap." + component, "heap kept by " + component + " (MB, after full GC)", true));
        }
        rows.add(new Row("heap.total", "heap after full GC, everything loaded (MB)", true));
        rows.add(new Row("rss", "resident set, everything loaded (MB)", true));
        return rows;
    }

    static final List<String> COMPONENTS = List.of("store", "search", "profiles", "popularity", "cf", "content");

    private static void print(List<Run> runs) {
        List<String> header = new ArrayList<>(List.of("measure"));
        runs.forEach(run -> header.add(run.size.label()));
        Table table = new Table(System.out, header.toArray(String[]::new));
        for (Row row : rows()) {
            List<Object> cells = new ArrayList<>(List.of(row.label));
            runs.forEach(run -> cells.add(run.figures.containsKey(row.figure) ? run.figures.get(row.figure) : "-"));
            table.row(cells.toArray());
        }
        for (Run run : runs) {
            if (run.stopped != null) {
                System.out.println();
                System.out.println(run.size.label() + ": " + run.stopped);
            }
        }
        List<Run> complete = runs.stream().filter(run -> run.figures.containsKey("events")).toList();
        if (complete.size() < 2) {
            return;
        }
        System.out.println();
        System.out.println("Growth exponents between sizes: log(cost2/cost1) / log(events2/events1); 1 is linear, "
                + "0 does not grow (a latency should be near 0; the catalogue grows as the square root, 0.5)");
        System.out.println();
        List<String> growth = new ArrayList<>(List.of("measure"));
        for (int i = 1; i < complete.size(); i++) {
            growth.add(complete.get(i - 1).size.label() + " -> " + complete.get(i).size.label());
        }
        Table exponents = new Table(System.out, growth.toArray(String[]::new));
        for (Row row : rows()) {
            if (!row.cost && !row.figure.equals("items")) {
                continue;
            }
            List<Object> cells = new ArrayList<>(List.of(row.label));
            for (int i = 1; i < complete.size(); i++) {
                cells.add(exponent(complete.get(i - 1).figures, complete.get(i).figures, row.figure));
            }
            exponents.row(cells.toArray());
        }
    }

    /** log(cost2/cost1) / log(events2/events1), or "-" where a figure is missing or zero. */
    static Object exponent(Map<String, Double> small, Map<String, Double> large, String figure) {
        Double a = small.get(figure);
        Double b = large.get(figure);
        if (a == null || b == null || a <= 0 || b <= 0 || !large.containsKey("events")) {
            return "-";
        }
        return String.format("%.2f", Math.log(b / a) / Math.log(large.get("events") / small.get("events")));
    }

    static String label(double size) {
        return size == Math.rint(size) ? String.valueOf((long) size) : String.valueOf(size);
    }

    /**
     * Builds and measures one size in this JVM; every figure goes to {@code figures} as soon as it
     * is known (a run stopped by the budget keeps what it had), every step's name to {@code phases}.
     */
    static void measure(double size, long seed, int requests, Path folder, BiConsumer<String, Double> figures,
            Consumer<String> phases) throws Exception {
        measure(new ShopGenerator(size, seed), seed, requests, folder, figures, phases);
    }

    static void measure(ShopGenerator shop, long seed, int requests, Path folder, BiConsumer<String, Double> figures,
            Consumer<String> phases) throws Exception {
        try (HikariDataSource database = IngestBench.h2(folder.resolve("h2"));
                OnnxEmbeddingModel model = BenchModels.open(MODEL, EmbeddingSettings.DEFAULTS);
                ServedStrategies served = new ServedStrategies(new JdbcStore(database, Dialect.H2, 256, Duration.ofSeconds(10)))) {
            JdbcStore store = served.store();
            LuceneVectorIndex vectors = new LuceneVectorIndex(folder.resolve("vectors"), Tuning.defaults());
            try {
                measure(shop, seed, requests, folder, store, model, vectors, served, figures, phases);
            } finally {
                vectors.close();
                store.close();
            }
        }
    }

    private static void measure(ShopGenerator shop, long seed, int requests, Path folder, JdbcStore store, OnnxEmbeddingModel model,
            LuceneVectorIndex vectors, ServedStrategies served, BiConsumer<String, Double> figures, Consumer<String> phases)
            throws Exception {
        double heapBefore = heapAfterGc();
        phases.accept(String.format("ingest: %,d members, %,d items, about %,d events", shop.members(), shop.items(),
                shop.expectedEvents()));
        long start = System.nanoTime();
        shop.items(store::putItems);
        shop.members(store::mergeMembers);
        ShopGenerator.Produced produced = shop.events(batch -> store.append(batch, Consent.ALL));
        double ingest = seconds(start);
        figures.accept("members", (double) shop.members());
        figures.accept("items", (double) shop.items());
        figures.accept("events", (double) produced.events());
        figures.accept("ingest.seconds", ingest);
        figures.accept("ingest.eventsPerSecond", produced.events() / ingest);
        figures.accept("store.megabytes", megabytes(folderSize(folder.resolve("h2"))));
        double heap = heapAfterGc();
        figures.accept("heap.store", megabytes(heap - heapBefore));

        phases.accept("item index build");
        start = System.nanoTime();
        CatalogSearch search = search(store, vectors, served, model);
        figures.accept("index.seconds", seconds(start));
        heap = kept(figures, "search", heap);

        phases.accept("profile rebuild");
        StandaloneProfiles profiles = new StandaloneProfiles(store, model, vectors, ZoneId.of("Europe/London"),
                folder.resolve("profiles"));
        start = System.nanoTime();
        profiles.rebuild(new RecordingJobContext());
        while (profiles.waiting()) {
            profiles.step();
        }
        figures.accept("profiles.seconds", seconds(start));
        heap = kept(figures, "profiles", heap);

        phases.accept("popularity");
        served.popularity();
        heap = kept(figures, "popularity", heap);

        phases.accept("cf training");
        Map<String, Object> report = served.cf(folder.resolve("cf"), Duration.ofHours(2));
        figures.accept("cf.seconds", ((Number) report.get("seconds")).doubleValue());
        heap = kept(figures, "cf", heap);

        phases.accept("content neighbour lists");
        start = System.nanoTime();
        int lists = served.content(vectors, ShopGenerator.memberId(0), shop.items(), Duration.ofHours(2));
        if (lists == 0) {
            throw new IllegalStateException("content remembered no neighbour lists");
        }
        figures.accept("content.seconds", seconds(start));
        heap = kept(figures, "content", heap);

        phases.accept("hybrid blend learning");
        start = System.nanoTime();
        Recommendations router = served.router(true, Duration.ofHours(2));
        figures.accept("hybrid.seconds", seconds(start));
        List<String> sample = sample(shop, requests, seed);
        phases.accept("serving: first request per member (hybrid)");
        Latencies first = new Latencies();
        serve(router, sample, "hybrid", first);
        figures.accept("first.p50", first.percentileMillis(50));
        figures.accept("first.p99", first.percentileMillis(99));
        for (String strategy : STRATEGIES) {
            phases.accept("serving: " + strategy);
            Latencies latencies = new Latencies();
            long missed = serve(router, sample, strategy, latencies);
            figures.accept("serve." + strategy + ".missed", (double) missed / sample.size());
            if (missed > sample.size() / 10) {
                throw new IllegalStateException(strategy + " left " + missed + " of " + sample.size()
                        + " members unanswered or to the fallback");
            }
            figures.accept("serve." + strategy + ".p50", latencies.percentileMillis(50));
            figures.accept("serve." + strategy + ".p99", latencies.percentileMillis(99));
        }

        phases.accept("search");
        Latencies texts = new Latencies();
        Latencies similar = new Latencies();
        SplittableRandom random = new SplittableRandom(seed);
        for (String query : shop.queries(Math.max(50, requests / 4))) {
            long begin = System.nanoTime();
            if (search.search(query, 10, SearchFilter.ANY).isEmpty()) {
                throw new IllegalStateException("no hits for '" + query + "'");
            }
            texts.record(System.nanoTime() - begin);
            begin = System.nanoTime();
            search.similar(ShopGenerator.itemId(random.nextInt(shop.items())), 10, SearchFilter.ANY);
            similar.record(System.nanoTime() - begin);
        }
        figures.accept("search.p50", texts.percentileMillis(50));
        figures.accept("search.p99", texts.percentileMillis(99));
        figures.accept("similar.p50", similar.percentileMillis(50));
        figures.accept("similar.p99", similar.percentileMillis(99));

        phases.accept("memory");
        figures.accept("heap.total", megabytes(heapAfterGc()));
        figures.accept("rss", megabytes(residentBytes()));
        phases.accept("done");
        ServedStrategies.invoke(search, "deactivate", new Class<?>[0]);
    }

    private static double kept(BiConsumer<String, Double> figures, String component, double before) {
        double after = heapAfterGc();
        figures.accept("heap." + component, megabytes(after - before));
        return after;
    }

    /** The search service as the runtime makes it: model bound, then activated; waits until it reports ready. */
    private static CatalogSearch search(JdbcStore store, LuceneVectorIndex vectors, ServedStrategies served, EmbeddingModel model)
            throws Exception {
        Object config = Configs.defaults(ServedStrategies.type("org.affinity.search.internal.SearchConfig"));
        CatalogSearch search = (CatalogSearch) ServedStrategies.construct("org.affinity.search.internal.CatalogSearchService",
                store, vectors, served.jobs(), config);
        ServedStrategies.invoke(search, "bindModel", new Class<?>[] {EmbeddingModel.class}, model);
        ServedStrategies.invoke(search, "activate", new Class<?>[0]);
        long start = System.nanoTime();
        while (!search.status().complete() || search.status().indexed() < store.counts().items()) {
            if (System.nanoTime() - start > TimeUnit.HOURS.toNanos(2)) {
                throw new IllegalStateException("the item index was not built in 2 hours: " + search.status());
            }
            Thread.sleep(100);
        }
        return search;
    }

    /**
     * One request at a time per member of the sample; returns how many were not answered by the
     * strategy asked for (empty, or by the router's fallback).
     */
    private static long serve(Recommendations router, List<String> sample, String strategy, Latencies latencies) {
        long missed = 0;
        for (String member : sample) {
            long begin = System.nanoTime();
            RecommendationResult result = router.recommend(RecommendationRequest.forMember(member, 10).withStrategy(strategy));
            latencies.record(System.nanoTime() - begin);
            missed += result.items().isEmpty() || !strategy.equals(result.strategy()) ? 1 : 0;
        }
        return missed;
    }

    private static List<String> sample(ShopGenerator shop, int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x73616d70L);
        List<String> sample = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            sample.add(ShopGenerator.memberId(random.nextInt(shop.members())));
        }
        return sample;
    }

    static double heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process (Linux), 0 elsewhere. */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return 0;
    }

    private static double megabytes(double bytes) {
        return bytes / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long folderSize(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
