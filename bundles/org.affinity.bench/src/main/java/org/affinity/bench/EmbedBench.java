package org.affinity.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.ModelDescription;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.embedding.onnx.internal.Pooling;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Embedding throughput: the platform's EmbeddingModel (tokenizer, batching, pooling, normalisation,
 * cache off) next to a plain ONNX Runtime session fed the same token ids (tokenized before the clock
 * starts), with the same session options, for each model at batch 1 (embed) and batch 32 (embedAll of
 * 32 texts, the texts sorted by length or in corpus order). Each chunk of texts goes through both back
 * to back; the table shows the median of the rounds. Texts: every third of the 751 texts of
 * ../shared/golden/corpus.jsonl (product names, HTML descriptions, reviews, support utterances,
 * Chinese phrases, edge cases). Then the bulk case: embedAll of every golden text, one run at a
 * time of one or two intra-op threads, or two runs at once.
 * <p>
 * Usage: ./affinity bench embed [--threads N] [--rounds R] [--sample TEXTS] [model ...]
 */
public final class EmbedBench {

    private static final List<String> MODELS = List.of("all-minilm-l6-v2-q", "all-minilm-l6-v2", "bge-small-zh-v1.5-q",
            "bge-small-zh-v1.5");

    public static void main(String[] args) throws Exception {
        int threads = 1;
        int rounds = 3;
        int sample = 250;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                default -> models.add(args[i]);
            }
        }
        if (models.isEmpty()) {
            models.addAll(MODELS);
        }
        List<String> corpus = corpus(BenchEnvironment.shared().resolve("golden/corpus.jsonl"));
        List<String> texts = new ArrayList<>();
        int stride = Math.max(1, corpus.size() / sample);
        for (int i = 0; i < corpus.size() && texts.size() < sample; i += stride) {
            texts.add(corpus.get(i));
        }
        System.out.println("Embedding throughput, texts/s (" + BenchEnvironment.describe() + "; " + texts.size()
                + " of the golden texts per round; " + threads + " intra-op thread(s); median of " + rounds
                + " rounds; cache off)");
        System.out.println();
        Table table = new Table(System.out, "model", "batch", "raw ONNX Runtime", "ours", "ours/raw");
        for (String modelId : models) {
            ModelDescription description = BenchModels.describe(modelId);
            try (OnnxEmbeddingModel ours = BenchModels.open(modelId,
                    new EmbeddingSettings(threads, 32, 0, true));
                    RawSession raw = new RawSession(BenchModels.jarOf(modelId), description, threads)) {
                List<int[]> ids = new ArrayList<>();
                texts.forEach(text -> ids.add(ours.tokens(text)));
                Integer[] byLength = new Integer[texts.size()];
                Arrays.setAll(byLength, i -> i);
                Arrays.sort(byLength, Comparator.comparingInt(i -> ids.get(i).length));
                List<String> sortedTexts = new ArrayList<>();
                List<int[]> sortedIds = new ArrayList<>();
                for (int i : byLength) {
                    sortedTexts.add(texts.get(i));
                    sortedIds.add(ids.get(i));
                }
                measure(table, modelId, "1", raw, ours, texts, ids, 1, rounds);
                measure(table, modelId, "32, similar lengths", raw, ours, sortedTexts, sortedIds, 32, rounds);
                measure(table, modelId, "32, mixed lengths", raw, ours, texts, ids, 32, rounds);
            }
        }
        System.out.println();
        System.out.println("batch 1: embed(text) one after another; 32: embedAll of 32 texts, against the raw session "
                + "run on the same 32 (padded to the longest). Similar lengths: texts sorted by length, so both do "
                + "the same work; mixed: corpus order, where the service splits off texts that would make padding "
                + "too costly.");
        System.out.println();
        coalescing(models.get(0), texts, threads, 5);
        System.out.println();
        bulk(models, corpus, rounds);
    }

    /**
     * A bulk index: embedAll of every golden text (each once, cache off) with the service's defaults
     * but for how it uses the cores: one run of one thread, one run of two intra-op threads, or two
     * runs at once of one thread each (parallel.runs=2, the default).
     */
    private static void bulk(List<String> models, List<String> texts, int rounds) throws Exception {
        System.out.println("Bulk embedAll of all " + texts.size() + " golden texts (default settings: int8 models one "
                + "text per run; cache off), texts/s, median of " + rounds + " rounds");
        System.out.println();
        Table table = new Table(System.out, "model", "1 run x 1 thread", "1 run x 2 threads", "2 runs x 1 thread",
                "2 threads / 1", "2 runs / 1");
        for (String modelId : models) {
            double[] rates = new double[3];
            EmbeddingSettings[] ways = { new EmbeddingSettings(1, 32, 0, false, 1),
                    new EmbeddingSettings(2, 32, 0, false, 1), new EmbeddingSettings(1, 32, 0, false, 2) };
            for (int w = 0; w < ways.length; w++) {
                try (OnnxEmbeddingModel ours = BenchModels.open(modelId, ways[w])) {
                    ours.embedAll(texts.subList(0, 64)); // warm-up
                    double[] perRound = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        long start = System.nanoTime();
                        ours.embedAll(texts);
                        perRound[r] = texts.size() / ((System.nanoTime() - start) / 1e9);
                    }
                    rates[w] = median(perRound);
                }
            }
            table.row(modelId, rates[0], rates[1], rates[2], String.format("%.2f", rates[1] / rates[0]),
                    String.format("%.2f", rates[2] / rates[0]));
        }
    }

    private static void measure(Table table, String modelId, String label, RawSession raw, OnnxEmbeddingModel ours,
            List<String> texts, List<int[]> ids, int batch, int rounds) throws OrtException {
        run(raw, ours, texts.subList(0, Math.min(64, texts.size())), ids, batch); // warm-up
        double[] rawRates = new double[rounds];
        double[] ourRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] rates = run(raw, ours, texts, ids, batch);
            rawRates[r] = rates[0];
            ourRates[r] = rates[1];
        }
        double rawRate = median(rawRates);
        double ourRate = median(ourRates);
        table.row(modelId, label, rawRate, ourRate, String.format("%.2f", ourRate / rawRate));
    }

    /**
     * What coalescing gives: 8 threads calling embed(text) at once, against one thread calling it
     * alone, on the same model; the mean batch is texts per session run.
     */
    private static void coalescing(String modelId, List<String> texts, int threads, double seconds)
            throws Exception {
        System.out.println("Concurrent callers of embed(text), " + modelId + ", batch size 32, cache off");
        System.out.println();
        Table table = new Table(System.out, "callers", "texts/s", "mean batch");
        for (int callers : new int[] { 1, 8 }) {
            try (OnnxEmbeddingModel ours = BenchModels.open(modelId,
                    new EmbeddingSettings(threads, 32, 0, true))) {
                AtomicInteger next = new AtomicInteger();
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                long start = System.nanoTime();
                List<Thread> workers = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    Thread worker = new Thread(() -> {
                        while (System.nanoTime() < deadline) {
                            ours.embed(texts.get(next.getAndIncrement() % texts.size()));
                        }
                    });
                    worker.start();
                    workers.add(worker);
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                table.row(callers, ours.encoded() / elapsed, (double) ours.encoded() / Math.max(1, ours.runs()));
            }
        }
    }

    /**
     * One round: every text once, in chunks of {@code batch}, each chunk through raw and ours back to
     * back (which one first alternates), so both see the same load on a shared machine. Returns texts/s
     * of raw and of ours.
     */
    private static double[] run(RawSession raw, OnnxEmbeddingModel ours, List<String> texts, List<int[]> ids,
            int batch) throws OrtException {
        long rawNanos = 0;
        long ourNanos = 0;
        int chunks = 0;
        for (int from = 0; from < texts.size(); from += batch) {
            int to = Math.min(texts.size(), from + batch);
            int[][] chunkIds = ids.subList(from, to).toArray(new int[0][]);
            List<String> chunkTexts = texts.subList(from, to);
            boolean rawFirst = chunks++ % 2 == 0;
            if (rawFirst) {
                rawNanos += timeRaw(raw, chunkIds);
            }
            long start = System.nanoTime();
            if (batch == 1) {
                ours.embed(chunkTexts.get(0));
            } else {
                ours.embedAll(chunkTexts);
            }
            ourNanos += System.nanoTime() - start;
            if (!rawFirst) {
                rawNanos += timeRaw(raw, chunkIds);
            }
        }
        return new double[] { texts.size() / (rawNanos / 1e9), texts.size() / (ourNanos / 1e9) };
    }

    private static long timeRaw(RawSession raw, int[][] chunk) throws OrtException {
        long start = System.nanoTime();
        raw.embed(chunk);
        return System.nanoTime() - start;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The corpus texts in file order: grouped by source (product names, HTML descriptions, reviews,
     * support utterances, Chinese phrases, edge cases), so a batch holds texts of one kind, as when a
     * capability embeds a list of items.
     */
    static List<String> corpus(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    texts.add(json.readTree(line).get("text").asText());
                }
            }
        }
        return texts;
    }

    /**
     * What a developer writes with ONNX Runtime alone: pad the ids of a batch, run, pool, normalise.
     * Same model file, same session options as the service.
     */
    static final class RawSession implements AutoCloseable {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final ModelDescription model;

        RawSession(Path jar, ModelDescription model, int threads) throws IOException, OrtException {
            this.model = model;
            byte[] onnx;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(model.onnx());
                onnx = zip.getInputStream(entry).readAllBytes();
            }
            try (OrtSession.SessionOptions options = OnnxEmbeddingModel.sessionOptions(model, threads)) {
                session = environment.createSession(onnx, options);
            }
        }

        float[][] embed(int[][] batch) throws OrtException {
            int length = 0;
            for (int[] sequence : batch) {
                length = Math.max(length, sequence.length);
            }
            long[][] ids = new long[batch.length][length];
            long[][] mask = new long[batch.length][length];
            long[][] types = new long[batch.length][length];
            for (int b = 0; b < batch.length; b++) {
                for (int t = 0; t < batch[b].length; t++) {
                    ids[b][t] = batch[b][t];
                    mask[b][t] = 1;
                }
            }
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
                inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types));
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    int dimension = model.dimension();
                    float[][] vectors = new float[batch.length][dimension];
                    for (int b = 0; b < batch.length; b++) {
                        int base = b * length * dimension;
                        int tokens = model.pooling() == Pooling.CLS ? 1 : batch[b].length;
                        for (int t = 0; t < tokens; t++) {
                            for (int d = 0; d < dimension; d++) {
                                vectors[b][d] += hidden.get(base + t * dimension + d);
                            }
                        }
                        double norm = 0;
                        for (float v : vectors[b]) {
                            norm += v * v;
                        }
                        float scale = (float) (1 / Math.sqrt(norm));
                        for (int d = 0; d < dimension; d++) {
                            vectors[b][d] *= scale;
                        }
                    }
                    return vectors;
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }
}
