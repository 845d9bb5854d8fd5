package org.affinity.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.affinity.vector.testkit.ExactSearch;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * k-nearest-neighbour search: our VectorIndex (org.affinity.vector.lucene) against exact brute force
 * (recall@10 and speed) and against Lucene used directly with the same vectors and HNSW parameters,
 * single-threaded, in one run. Usage: {@code ./affinity bench knn help}.
 */
public final class KnnBench {

    static final int K = 10;
    /** Candidates explored per top-10 search in the sweep that shows the recall/speed trade-off. */
    static final int[] SWEEP = {10, 20, 30, 40, 50, 60, 80, 100, 150, 200};
    static final String USAGE = """
            Usage: ./affinity bench knn [source] [options]

            Sources:
              (none)        the real embeddings: every cache/bench/knn-vectors-<model>.f32 there is; when there
                            is none, embeds the texts of ../shared/data with --model first (minutes; cached)
              embed         only make (or check) cache/bench/knn-vectors-<model>.f32 for --model
              standin       the 751 golden MiniLM embeddings (real) and a clustered low-rank synthetic
                            set (--count vectors x 384 plus --queries queries)
              file F.f32    a vectors file: F.f32 (little-endian float32 rows, no header) and F.tsv
                            beside it (one line per row: id TAB source TAB text); about --queries rows
                            are held out as queries, the source column is the filter label
              texts         write target/bench/knn-texts.tsv: every unique text of ../shared/data
                            (Online Retail descriptions, Bitext utterances, Luma names, descriptions
                            and reviews, ~36k), one line per text: id TAB source TAB text

            The real-embedding file (the benchmark of record) is made by the embedding model as the
            platform runs it (tokenizer, batches of 32, pooling; from the built model bundle) and kept in
            cache/bench/ (git-ignored; builds do not wipe it). A rerun reuses it while the texts are the same.

            Options:
              --model M         the model that embeds the texts (default all-minilm-l6-v2-q)
              --queries N       queries per data set (default 1000)
              --count N         synthetic vectors (default 30000)
              --rounds N        timed rounds per search, best kept (default 3)
              --seconds S       length of a timed round (default 2)
              --fan-out F, --min-candidates N, --m M, --beam-width B, --ram-buffer-mb N
                                the index tuning (defaults: PID org.affinity.vector's)
            """;

    private KnnBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path bench = BenchEnvironment.root().resolve("target/bench");
        switch (options.command) {
            case "help" -> System.out.print(USAGE);
            case "texts" -> {
                List<BenchTexts.Text> texts = BenchTexts.collect(BenchEnvironment.shared().resolve("data"));
                Path tsv = bench.resolve("knn-texts.tsv");
                BenchTexts.write(texts, tsv);
                System.out.printf("%,d unique texts written to %s%n", texts.size(), tsv);
            }
            case "standin" -> run(standIn(options), options, bench);
            case "embed" -> System.out.println(KnnVectors.ensure(options.model));
            case "file" -> run(List.of(KnnData.golden(), KnnData.file(Path.of(options.file), options.queries)), options, bench);
            default -> {
                List<Path> files = vectorFiles(KnnVectors.cache());
                if (files.isEmpty()) {
                    files = List.of(KnnVectors.ensure(options.model));
                }
                List<KnnData> sets = new ArrayList<>(List.of(KnnData.golden()));
                for (Path file : files) {
                    sets.add(KnnData.file(file, options.queries));
                }
                run(sets, options, bench);
            }
        }
    }

    private static List<KnnData> standIn(Options options) {
        return List.of(KnnData.golden(), KnnData.lowRank(options.count, options.queries, 384));
    }

    private static List<Path> vectorFiles(Path bench) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(bench)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(bench, "knn-vectors-*.f32")) {
                found.forEach(files::add);
            }
        }
        files.sort(null);
        return files;
    }

    // --- one run ---------------------------------------------------------------------------------

    private static void run(List<KnnData> sets, Options options, Path bench) throws IOException {
        Tuning tuning = options.tuning();
        PrintStream out = System.out;
        boolean panama = !(FlatVectorScorerUtil.getLucene99FlatVectorsScorer() instanceof DefaultFlatVectorScorer);
        out.printf("## KNN search, single-threaded%n%n%s; Lucene vectorization: %s%n", BenchEnvironment.describe(),
                panama ? "Panama SIMD" : "scalar (start with --add-modules=jdk.incubator.vector)");
        out.printf("Index tuning: HNSW M %d, beam width %d; a top-%d search explores %d candidates (fan-out %d, minimum %d); "
                + "RAM buffer %d MB. Best of %d rounds of %s s per search.%n%n", tuning.hnswM(), tuning.hnswBeamWidth(), K,
                tuning.candidates(K), tuning.fanOut(), tuning.minCandidates(), tuning.ramBufferMb(), options.rounds,
                options.seconds);
        List<Object[]> indexRows = new ArrayList<>();
        List<Object[]> searchRows = new ArrayList<>();
        List<Object[]> sweepRows = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (KnnData data : sets) {
            measure(data, tuning, options, bench.resolve("knn-work"), indexRows, searchRows, sweepRows, verdicts);
        }
        Table searches = new Table(out, "data set", "search", "candidates", "recall@10", "QPS", "p50 ms", "p99 ms",
                "x exact loop", "x exact SIMD", "x raw Lucene");
        searchRows.forEach(searches::row);
        out.println();
        Table indexing = new Table(out, "data set", "index", "vectors", "dim", "build s", "vectors/s", "segments");
        indexRows.forEach(indexing::row);
        out.println();
        out.printf("Recall and speed of ours by candidates explored per top-%d search (one round each):%n%n", K);
        Table sweep = new Table(out, "data set", "candidates", "recall@10", "QPS", "p50 ms", "x exact loop", "x exact SIMD");
        sweepRows.forEach(sweep::row);
        out.println();
        verdicts.forEach(out::println);
    }

    private static void measure(KnnData data, Tuning tuning, Options options, Path work, List<Object[]> indexRows,
            List<Object[]> searchRows, List<Object[]> sweepRows, List<String> verdicts) throws IOException {
        progress("%s: %,d vectors x %d, %,d queries", data.name(), data.vectors().length, data.dimension(), data.queries().length);
        if (Files.exists(work)) {
            IOUtils.rm(work);
        }
        float[][] vectors = data.vectors();
        int queries = data.queries().length;
        // Exact by brute force; Lucene's SIMD dot product only changes the order of float additions.
        progress("exact ground truth");
        List<List<String>> truth = new ArrayList<>();
        List<List<String>> filteredTruth = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            truth.add(ids(data, ExactSearch.topK(vectors, data.queries()[q], K, i -> true, VectorUtil::dotProduct)));
            String label = data.filterLabels()[q];
            filteredTruth.add(ids(data, ExactSearch.topK(vectors, data.queries()[q], K, i -> data.labels()[i].equals(label),
                    VectorUtil::dotProduct)));
        }

        progress("indexing with our VectorIndex");
        List<VectorEntry> entries = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            entries.add(new VectorEntry(data.ids().get(i), vectors[i], Map.of("label", data.labels()[i])));
        }
        long started = System.nanoTime();
        LuceneVectorIndex index = new LuceneVectorIndex(work.resolve("ours"), tuning);
        index.open("bench", data.model(), data.dimension()).upsertAll(entries);
        index.close();   // waits for merges, as a restart would
        double oursSeconds = (System.nanoTime() - started) / 1e9;
        index = new LuceneVectorIndex(work.resolve("ours"), tuning);
        VectorCollection ours = index.existing("bench").orElseThrow();
        indexRows.add(new Object[] {data.name(), "ours (VectorIndex.upsertAll)", vectors.length, data.dimension(), oursSeconds,
                vectors.length / oursSeconds, index.segments("bench")});

        progress("indexing with raw Lucene");
        started = System.nanoTime();
        RawLucene raw = RawLucene.build(work.resolve("raw"), data, tuning.hnswM(), tuning.hnswBeamWidth(), tuning.ramBufferMb());
        double rawSeconds = (System.nanoTime() - started) / 1e9;
        indexRows.add(new Object[] {data.name(), "raw Lucene (IndexWriter.addDocument)", vectors.length, data.dimension(),
                rawSeconds, vectors.length / rawSeconds, raw.segments()});
        RawLucene rawOnOurs = RawLucene.ours(work.resolve("ours/bench"));

        int candidates = tuning.candidates(K);
        Contender exactLoop = new Contender("exact scan (plain loop)", queries, truth,
                q -> ids(data, ExactSearch.topK(vectors, data.queries()[q], K)));
        Contender exactSimd = new Contender("exact scan (Lucene VectorUtil)", queries, truth,
                q -> ids(data, ExactSearch.topK(vectors, data.queries()[q], K, i -> true, VectorUtil::dotProduct)));
        Contender rawK = new Contender("raw Lucene HNSW, k=10", queries, truth,
                q -> raw.search(data.queries()[q], K, K, null));
        Contender rawFanOut = new Contender("raw Lucene HNSW", queries, truth,
                q -> raw.search(data.queries()[q], K, candidates, null));
        Contender rawOnOurFiles = new Contender("raw Lucene on our index files", queries, truth,
                q -> rawOnOurs.search(data.queries()[q], K, candidates, null));
        Contender oursPlain = new Contender("**ours (VectorIndex)**", queries, truth,
                q -> hitIds(ours.search(VectorQuery.of(data.queries()[q], K))));
        Contender exactFiltered = new Contender("exact scan, filtered (plain loop)", queries, filteredTruth,
                q -> ids(data, ExactSearch.topK(vectors, data.queries()[q], K, i -> data.labels()[i].equals(data.filterLabels()[q]))));
        Contender rawFiltered = new Contender("raw Lucene HNSW, filtered", queries, filteredTruth,
                q -> raw.search(data.queries()[q], K, candidates, data.filterLabels()[q]));
        Contender oursFiltered = new Contender("**ours, filtered**", queries, filteredTruth,
                q -> hitIds(ours.search(new VectorQuery(data.queries()[q], K, Map.of("label", Set.of(data.filterLabels()[q])), null))));
        List<Contender> all = List.of(exactLoop, exactSimd, rawK, rawFanOut, rawOnOurFiles, oursPlain, exactFiltered, rawFiltered,
                oursFiltered);
        progress("recall");
        for (Contender contender : all) {
            if (contender != exactLoop && contender != exactFiltered) {   // exact: the truth itself, only slower
                contender.recall();
            }
        }
        progress("timing: %d rounds x %d searches x %s s", options.rounds, all.size(), options.seconds);
        for (int round = 0; round < options.rounds; round++) {
            for (Contender contender : all) {
                contender.time(options.seconds, round);
            }
        }
        progress("candidates sweep");
        for (int explored : SWEEP) {
            index.retune(new Tuning(1, explored, Math.max(explored, tuning.maxCandidates()), tuning.commitIntervalSeconds(),
                    tuning.hnswM(), tuning.hnswBeamWidth(), tuning.ramBufferMb()));
            Contender swept = new Contender("ours", queries, truth, q -> hitIds(ours.search(VectorQuery.of(data.queries()[q], K))));
            swept.recall();
            swept.time(options.seconds, 0);
            sweepRows.add(new Object[] {data.name(), explored, String.format("%.4f", swept.recall), swept.qps,
                    swept.latencies.percentileMillis(50), String.format("%.1f", swept.qps / exactLoop.qps),
                    String.format("%.1f", swept.qps / exactSimd.qps)});
        }
        index.close();
        raw.close();
        rawOnOurs.close();
        IOUtils.rm(work);

        searchRows.add(row(data, exactLoop, K, exactLoop, exactSimd, null));
        searchRows.add(row(data, exactSimd, K, exactLoop, exactSimd, null));
        searchRows.add(row(data, rawK, K, exactLoop, exactSimd, null));
        searchRows.add(row(data, rawFanOut, candidates, exactLoop, exactSimd, null));
        searchRows.add(row(data, rawOnOurFiles, candidates, exactLoop, exactSimd, rawFanOut));
        searchRows.add(row(data, oursPlain, candidates, exactLoop, exactSimd, rawFanOut));
        searchRows.add(row(data, exactFiltered, K, exactFiltered, null, null));
        searchRows.add(row(data, rawFiltered, candidates, exactFiltered, null, null));
        searchRows.add(row(data, oursFiltered, candidates, exactFiltered, null, rawFiltered));

        double vsExact = oursPlain.qps / exactLoop.qps;
        double vsRaw = oursPlain.qps / rawFanOut.qps;
        String verdict = vectors.length < 10_000 ? "too few vectors for the speed targets (an exact scan wins below ~10k)"
                : oursPlain.recall >= 0.98 && vsExact >= 20 && vsRaw >= 0.9 ? "targets met" : "TARGETS NOT MET";
        verdicts.add(String.format("%s: ours recall@10 %.4f (target >= 0.98), %.1fx an exact scan (target >= 20x; %.1fx a SIMD "
                + "exact scan), %.2fx raw Lucene (target >= 0.9x); filtered recall@10 %.4f, %.2fx raw Lucene filtered: %s",
                data.name(), oursPlain.recall, vsExact, oursPlain.qps / exactSimd.qps, vsRaw, oursFiltered.recall,
                oursFiltered.qps / rawFiltered.qps, verdict));
    }

    private static Object[] row(KnnData data, Contender contender, int candidates, Contender exactLoop, Contender exactSimd,
            Contender raw) {
        return new Object[] {data.name(), contender.name, candidates, String.format("%.4f", contender.recall), contender.qps,
                contender.latencies.percentileMillis(50), contender.latencies.percentileMillis(99),
                String.format("%.1f", contender.qps / exactLoop.qps),
                exactSimd == null ? "-" : String.format("%.1f", contender.qps / exactSimd.qps),
                raw == null ? "-" : String.format("%.2f", contender.qps / raw.qps)};
    }

    private static List<String> ids(KnnData data, int[] indices) {
        List<String> ids = new ArrayList<>(indices.length);
        for (int i : indices) {
            ids.add(data.ids().get(i));
        }
        return ids;
    }

    private static List<String> hitIds(List<VectorHit> hits) {
        List<String> ids = new ArrayList<>(hits.size());
        hits.forEach(hit -> ids.add(hit.id()));
        return ids;
    }

    private static void progress(String format, Object... args) {
        System.err.printf("knn: " + format + "%n", args);
    }

    // --- measuring -------------------------------------------------------------------------------

    @FunctionalInterface
    interface Search {
        List<String> run(int query) throws IOException;
    }

    /** One way of searching: its recall over every query, and its best timed round. */
    static final class Contender {

        final String name;
        final int queries;
        final List<List<String>> truth;
        final Search search;
        double recall = 1;
        double qps;
        Latencies latencies = new Latencies();

        Contender(String name, int queries, List<List<String>> truth, Search search) {
            this.name = name;
            this.queries = queries;
            this.truth = truth;
            this.search = search;
        }

        void recall() {
            double sum = 0;
            for (int q = 0; q < queries; q++) {
                sum += ExactSearch.recall(run(q), truth.get(q));
            }
            recall = sum / queries;
        }

        /** Runs the queries round-robin for {@code seconds} (at least 20 of them); keeps the best rate. */
        void time(double seconds, int round) {
            Latencies measured = new Latencies();
            long budget = (long) (seconds * 1e9);
            long started = System.nanoTime();
            long elapsed;
            int q = round * 7919 % queries;
            do {
                long before = System.nanoTime();
                run(q);
                measured.record(System.nanoTime() - before);
                q = (q + 1) % queries;
                elapsed = System.nanoTime() - started;
            } while (elapsed < budget || measured.count() < 20);
            double rate = measured.count() / (elapsed / 1e9);
            if (rate > qps) {
                qps = rate;
                latencies = measured;
            }
        }

        private List<String> run(int query) {
            try {
                return search.run(query);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // --- options ---------------------------------------------------------------------------------

    static final class Options {
        String command = "auto";
        String file;
        String model = KnnVectors.DEFAULT_MODEL;
        int queries = 1000;
        int count = 30_000;
        int rounds = 3;
        double seconds = 2;
        Tuning defaults = Tuning.defaults();
        int fanOut = defaults.fanOut();
        int minCandidates = defaults.minCandidates();
        int m = defaults.hnswM();
        int beamWidth = defaults.hnswBeamWidth();
        int ramBufferMb = defaults.ramBufferMb();

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "help", "-h", "--help", "standin", "texts", "embed" -> options.command = arg.startsWith("-") ? "help" : arg;
                    case "file" -> {
                        options.command = "file";
                        options.file = value(args, ++i, arg);
                    }
                    case "--model" -> options.model = value(args, ++i, arg);
                    case "--queries" -> options.queries = Integer.parseInt(value(args, ++i, arg));
                    case "--count" -> options.count = Integer.parseInt(value(args, ++i, arg));
                    case "--rounds" -> options.rounds = Integer.parseInt(value(args, ++i, arg));
                    case "--seconds" -> options.seconds = Double.parseDouble(value(args, ++i, arg));
                    case "--fan-out" -> options.fanOut = Integer.parseInt(value(args, ++i, arg));
                    case "--min-candidates" -> options.minCandidates = Integer.parseInt(value(args, ++i, arg));
                    case "--m" -> options.m = Integer.parseInt(value(args, ++i, arg));
                    case "--beam-width" -> options.beamWidth = Integer.parseInt(value(args, ++i, arg));
                    case "--ram-buffer-mb" -> options.ramBufferMb = Integer.parseInt(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
                }
            }
            return options;
        }

        Tuning tuning() {
            return new Tuning(fanOut, minCandidates, defaults.maxCandidates(), defaults.commitIntervalSeconds(), m, beamWidth,
                    ramBufferMb);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return args[i];
        }
    }
}
