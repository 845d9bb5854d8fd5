package org.affinity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.item.Item;
import org.affinity.api.vector.VectorEntry;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.reco.cf.internal.CfOffline;
import org.affinity.reco.content.internal.ContentStrategy;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.reco.evaluation.internal.ReportTable;
import org.affinity.reco.hybrid.internal.HybridConfig;
import org.affinity.reco.hybrid.internal.HybridOffline;
import org.affinity.reco.popularity.internal.PopularityConfig;
import org.affinity.reco.popularity.internal.PopularityOffline;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.RetailAndWholesale;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * ./affinity bench reco [--file F --preset P | --map target=Column,...] [--split yyyy-mm-dd] [--share 0.2]
 * [--members N] [--seed S] [--model all-minilm-l6-v2-q] [--no-cf] [--no-content] [--content key=value,...]
 * [--hybrid key=value,...] [--holdout temporal|random] [--shapes | --no-shapes] [--data-set NAME] [--no-tuned]
 *
 * Offline evaluation of the recommendation strategies exactly as affinity:evaluate runs it, on any file
 * the importer reads (default: the Online Retail demo shop): imports it into a fresh H2 store, embeds
 * every item's text into an "items" collection for the content strategy, then, per data set (the file,
 * and for the default file also its retail and wholesale members as two shops of other shapes), prints
 * one table per holdout (temporal, random) with the evaluator's popularity baseline as the reference
 * row and every strategy as configured (shipped defaults) and, for those that tune themselves, after
 * tuning: popularity, trending, cf, content, hybrid (learning its blend over the other four, and over
 * their tuned fits), hybrid with its shipped fixed weights ({@code hybrid[learn=false]}) and any variants
 * asked for; then a summary of hybrid against the best single strategy on each. Every strategy is
 * fitted once per training set and shared with the hybrid rows (see {@link FitOnce}), so a hybrid
 * row's seconds count only what it adds (for a learned blend: the validation fits and the search).
 */
public final class RecoBench {

    public static void main(String[] args) throws Exception {
        Path file = BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz");
        String preset = "online-retail";
        String map = "";
        Instant split = null;
        double share = 0.2;
        int members = 0;
        long seed = 42;
        String model = "all-minilm-l6-v2-q";
        boolean content = true;
        boolean cf = true;
        boolean shapes = true;
        boolean tuned = true;
        Set<String> only = new LinkedHashSet<>();
        List<String> variants = new ArrayList<>();
        // The shipped weights, fixed, as the reference the learned blend has to beat.
        List<String> hybrids = new ArrayList<>(List.of("learn=false"));
        Set<String> holdouts = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file": file = Path.of(args[++i]); shapes = false; break;
                case "--shapes": shapes = true; break;
                case "--no-shapes": shapes = false; break;
                case "--no-tuned": tuned = false; break;
                case "--data-set": only.add(args[++i]); break;
                case "--preset": preset = args[++i]; break;
                case "--map": map = args[++i]; preset = null; break;
                case "--split": split = LocalDate.parse(args[++i]).atStartOfDay(ZoneOffset.UTC).toInstant(); break;
                case "--share": share = Double.parseDouble(args[++i]); break;
                case "--members": members = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--model": model = args[++i]; break;
                case "--no-content": content = false; break;
                case "--no-cf": cf = false; break;
                case "--content": variants.add(args[++i]); break;
                case "--hybrid": hybrids.add(args[++i]); break;
                case "--holdout": holdouts.add(args[++i]); break;
                default:
                    throw new IllegalArgumentException("usage: ./affinity bench reco [--file F --preset P | --map target=Column,...] "
                            + "[--split yyyy-mm-dd] [--share 0.2] [--members N] [--seed S] [--model ID] [--no-cf] [--no-content] [--content key=value,... (a variant, repeatable)] "
                            + "[--hybrid key=value,... (a variant, repeatable; list values separated by ';')] [--holdout temporal|random] "
                            + "[--shapes | --no-shapes] [--data-set NAME (repeatable)] [--no-tuned]");
            }
        }
        Path folder = Files.createTempDirectory("affinity-reco-bench");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.resolve("store").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536");
        try (HikariDataSource database = new HikariDataSource()) {
            database.setDataSource(h2);
            JdbcStore store = new JdbcStore(database, Dialect.H2, 256, Duration.ofSeconds(10));
            long start = System.nanoTime();
            ImportReport imported = (ImportReport) new ImportRun(new ImportRequest(file, preset, ImportRequest.mapping(map),
                    Map.of("consent", "all")), store).run(new RecordingJobContext());
            System.out.printf("Reco: %s imported (%,d events) in %.0f s; %s%n", file.getFileName(), imported.imported(),
                    (System.nanoTime() - start) / 1e9, BenchEnvironment.describe());
            List<Event> events = new ArrayList<>();
            store.scanEvents(events::add);

            LuceneVectorIndex index = new LuceneVectorIndex(folder.resolve("vectors"), Tuning.defaults());
            if (content) {
                embedItems(store, index, model);
            }
            Map<String, List<Event>> dataSets = new LinkedHashMap<>();
            dataSets.put(file.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", ""), events);
            if (shapes) {
                // Online Retail as two shops of different shapes (see RetailAndWholesale for the split).
                dataSets.put("retail members", RetailAndWholesale.retail(events));
                dataSets.put("wholesale members", RetailAndWholesale.wholesale(events));
            }
            Set<String> which = holdouts.isEmpty() ? new LinkedHashSet<>(List.of(Evaluator.TEMPORAL, Evaluator.RANDOM)) : holdouts;
            List<String> verdicts = new ArrayList<>();
            for (Map.Entry<String, List<Event>> dataSet : dataSets.entrySet()) {
                if (!only.isEmpty() && !only.contains(dataSet.getKey())) {
                    continue;
                }
                long started = System.nanoTime();
                Map<String, OfflineStrategy> strategies = new LinkedHashMap<>();
                strategies.put("popularity", new FitOnce(PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, false)));
                strategies.put("trending", new FitOnce(PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, true)));
                if (cf) {
                    strategies.put("cf", new FitOnce(CfOffline.withDefaults()));
                }
                if (content) {
                    strategies.put("content", new FitOnce(ContentStrategy.withDefaults(store, index)));
                }
                // What the live hybrid would combine: the strategies above, not their variants.
                Map<String, OfflineStrategy> combined = new LinkedHashMap<>(strategies);
                List<String> singles = List.copyOf(combined.keySet());
                strategies.put("hybrid", HybridOffline.with(Configs.defaults(HybridConfig.class), combined, store));
                for (String variant : hybrids) {
                    strategies.put("hybrid[" + variant + "]",
                            HybridOffline.with(Configs.of(HybridConfig.class, settings(HybridConfig.class, variant)), combined, store));
                }
                if (content) {
                    for (String variant : variants) {
                        Map<String, Object> settings = new LinkedHashMap<>();
                        for (String pair : variant.split(",")) {
                            String[] kv = pair.split("=", 2);
                            settings.put(kv[0], kv[1].matches("[0-9.]+") ? (Object) Double.parseDouble(kv[1]) : kv[1]);
                        }
                        strategies.put("content[" + variant + "]", ContentStrategy.with(settings, store, index));
                    }
                }
                // One strategy and holdout at a time, each row printed when it is ready: a long run that is stopped still reports.
                List<EvaluationRow> rows = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                for (String holdout : which) {
                    for (Map.Entry<String, OfflineStrategy> strategy : strategies.entrySet()) {
                        // Variants are measured as set: a tuned hybrid variant would learn the same blend as hybrid (tuned).
                        boolean tunes = tuned && !strategy.getKey().contains("[")
                                && (strategy.getValue() instanceof FitOnce once ? once.tunes() : Evaluator.tunes(strategy.getValue()));
                        EvaluationRequest request = new EvaluationRequest(split, share, seed, members, Set.of(), tunes);
                        EvaluationReport one = Evaluator.evaluate(dataSet.getValue(), Map.of(strategy.getKey(), strategy.getValue()), request,
                                Set.of(holdout), new RecordingJobContext());
                        for (EvaluationRow row : one.rows()) {
                            boolean baseline = !row.strategy().equals(strategy.getKey());
                            if (!baseline || rows.stream().noneMatch(r -> r.holdout().equals(row.holdout()) && r.strategy().equals(row.strategy()))) {
                                rows.add(row);
                                System.err.printf("row: %s %s %s%s NDCG@10 %.4f (%.1f s)%n", dataSet.getKey(), row.holdout(), row.strategy(),
                                        row.tuned() ? " (tuned)" : "", row.ndcg10(), row.seconds());
                            }
                        }
                        one.notes().stream().filter(note -> !notes.contains(note)).forEach(notes::add);
                        if (strategy.getValue() instanceof HybridOffline hybrid && hybrid.lastLearned() != null) {
                            System.err.printf("  blend learned: %s%n", hybrid.lastLearned());
                        }
                        System.err.flush();
                    }
                }
                EvaluationReport report = new EvaluationReport(rows, notes);
                System.out.printf("%n### %s (%,d events; %.0f s)%n", dataSet.getKey(), dataSet.getValue().size(),
                        (System.nanoTime() - started) / 1e9);
                ReportTable.lines(report).forEach(System.out::println);
                for (String holdout : which) {
                    String verdict = verdict(dataSet.getKey(), holdout, rows, singles);
                    if (verdict != null) {
                        verdicts.add(verdict);
                    }
                }
            }
            System.out.println();
            System.out.println("| data set | holdout | best single strategy | NDCG@10 | hybrid (learned) | hybrid (tuned) | tuned vs best single |");
            System.out.println("|---|---|---|---:|---:|---:|---:|");
            verdicts.forEach(System.out::println);
            index.close();
            store.close();
        } finally {
            IngestBench.delete(folder);
        }
    }

    /** One line of the summary: hybrid learned and tuned against the best single strategy (as configured or tuned) on one holdout. */
    static String verdict(String dataSet, String holdout, List<EvaluationRow> rows, List<String> singles) {
        EvaluationRow best = null;
        EvaluationRow learned = null;
        EvaluationRow tuned = null;
        for (EvaluationRow row : rows) {
            if (!row.holdout().equals(holdout)) {
                continue;
            }
            if (singles.contains(row.strategy()) && (best == null || row.ndcg10() > best.ndcg10())) {
                best = row;
            } else if (row.strategy().equals("hybrid")) {
                if (row.tuned()) {
                    tuned = row;
                } else {
                    learned = row;
                }
            }
        }
        if (best == null || (learned == null && tuned == null)) {
            return null;
        }
        EvaluationRow hybrid = tuned != null ? tuned : learned;
        return String.format("| %s | %s | %s%s | %.4f | %s | %s | %+.1f%% |", dataSet, holdout, best.strategy(), best.tuned() ? " (tuned)" : "",
                best.ndcg10(), learned == null ? "-" : String.format("%.4f", learned.ndcg10()),
                tuned == null ? "-" : String.format("%.4f", tuned.ndcg10()), (hybrid.ndcg10() / best.ndcg10() - 1) * 100);
    }

    /** "key=value,..." as the settings of a configuration type: numbers as the attribute's type, lists split at ';'. */
    static Map<String, Object> settings(Class<?> type, String spec) throws NoSuchMethodException {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.split("=", 2);
            Class<?> kind = type.getMethod(kv[0]).getReturnType();
            Object value = kind == int.class ? Integer.parseInt(kv[1]) : kind == double.class ? Double.parseDouble(kv[1])
                    : kind == boolean.class ? Boolean.parseBoolean(kv[1])
                    : kind == String[].class ? kv[1].split(";") : kv[1];
            settings.put(kv[0], value);
        }
        return settings;
    }

    /** What org.affinity.search keeps in step at run time: every item's text embedded into "items". */
    static void embedItems(JdbcStore store, LuceneVectorIndex index, String modelId) throws Exception {
        List<Item> items = new ArrayList<>();
        store.scanItems(items::add);
        long start = System.nanoTime();
        try (OnnxEmbeddingModel model = BenchModels.open(modelId, EmbeddingSettings.DEFAULTS)) {
            List<VectorEntry> entries = new ArrayList<>(items.size());
            for (int from = 0; from < items.size(); from += 256) {
                List<Item> batch = items.subList(from, Math.min(items.size(), from + 256));
                List<float[]> vectors = model.embedAll(batch.stream().map(Item::text).toList());
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(new VectorEntry(batch.get(i).id(), vectors.get(i), Map.of()));
                }
            }
            index.open("items", model.id(), model.dimension()).upsertAll(entries);
        }
        System.out.printf("content: %,d item texts embedded with %s in %.0f s%n", items.size(), modelId,
                (System.nanoTime() - start) / 1e9);
    }
}
