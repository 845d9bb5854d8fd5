package org.affinity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.job.Jobs;
import org.affinity.chat.knowledge.internal.RetrievalEvaluation;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.jobs.internal.JobRunner;
import org.affinity.reco.testkit.Configs;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;

/**
 * Retrieval of the chat's knowledge base on labelled questions (270 Bitext utterances and questions
 * written for the shipped articles, English and Chinese): hit@1, hit@3 and MRR of BM25 alone, vectors
 * alone, the shipped fusion and the alternatives it was chosen from; how near the nearest passage is
 * for questions the articles answer and for ones they do not; and the latency of a whole search.
 * The models are the built model bundles' (English: all-minilm-l6-v2-q, Chinese: bge-small-zh-v1.5-q),
 * their caches off.
 * <p>
 * Usage: ./affinity bench knowledge [--rounds R]
 */
public final class KnowledgeBench {

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: ./affinity bench knowledge [--rounds R]");
            }
        }
        Path bundle = BenchEnvironment.root().resolve("bundles/org.affinity.chat.knowledge");
        List<RetrievalEvaluation.Question> questions = RetrievalEvaluation.questions(bundle);
        System.out.println("# Knowledge base retrieval (" + BenchEnvironment.describe() + ")");
        System.out.println();
        Path work = Files.createTempDirectory("knowledge-bench");
        EmbeddingSettings noCache = new EmbeddingSettings(1, 32, 0, false);
        Object jobsConfig = Configs.of(Class.forName("org.affinity.jobs.internal.JobsConfig"), Map.of());
        Jobs jobs = (Jobs) JobRunner.class.getConstructors()[0].newInstance(jobsConfig);
        try (OnnxEmbeddingModel english = BenchModels.open("all-minilm-l6-v2-q", noCache);
                OnnxEmbeddingModel chinese = BenchModels.open("bge-small-zh-v1.5-q", noCache);
                RetrievalEvaluation evaluation = new RetrievalEvaluation(work, RetrievalEvaluation.shippedArticles(bundle),
                        english, chinese, folder -> new LuceneVectorIndex(folder, Tuning.defaults()), jobs)) {
            long started = System.nanoTime();
            List<RetrievalEvaluation.Result> results = evaluation.evaluate(RetrievalEvaluation.comparisons(), questions);
            Map<String, Map<String, RetrievalEvaluation.Result>> byVariant = new LinkedHashMap<>();
            List<String> sets = new ArrayList<>();
            for (RetrievalEvaluation.Result result : results) {
                byVariant.computeIfAbsent(result.variant(), v -> new LinkedHashMap<>()).put(result.set(), result);
                if (!sets.contains(result.set())) {
                    sets.add(result.set());
                }
            }
            List<String> columns = new ArrayList<>(List.of("variant"));
            for (String set : sets) {
                int count = results.stream().filter(r -> r.set().equals(set)).findFirst().orElseThrow().questions();
                columns.addAll(List.of(set + " (" + count + ") hit@1", "hit@3", "MRR"));
            }
            Table table = new Table(System.out, columns.toArray(String[]::new));
            byVariant.forEach((variant, bySet) -> {
                List<Object> cells = new ArrayList<>(List.of(variant));
                for (String set : sets) {
                    RetrievalEvaluation.Result result = bySet.get(set);
                    cells.addAll(List.of(result.hitAt1(), result.hitAt3(), result.mrr()));
                }
                table.row(cells.toArray());
            });
            System.out.printf("%nevaluated %d variants in %.0f s%n%n", byVariant.size(), (System.nanoTime() - started) / 1e9);

            List<RetrievalEvaluation.Question> all = new ArrayList<>(questions);
            all.addAll(RetrievalEvaluation.outOfScope(bundle));
            Table nearest = new Table(System.out, "questions", "count", "nearest passage cosine min", "p10", "p50", "p90", "max");
            evaluation.nearest(all).forEach((set, cosines) -> {
                double[] sorted = cosines.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                nearest.row(set, sorted.length, sorted[0], sorted[sorted.length / 10], sorted[sorted.length / 2],
                        sorted[sorted.length * 9 / 10], sorted[sorted.length - 1]);
            });
            System.out.println();

            evaluation.latencies(questions, 1);   // warm-up
            Latencies latencies = new Latencies();
            for (long nanos : evaluation.latencies(questions, rounds)) {
                latencies.record(nanos);
            }
            Table speed = new Table(System.out, "search (question embedded, BM25, KNN, fusion)", "searches", "p50 ms", "p99 ms",
                    "mean ms");
            speed.row("shipped configuration, one thread", latencies.count(), latencies.percentileMillis(50),
                    latencies.percentileMillis(99), latencies.meanMillis());
        }
    }
}
