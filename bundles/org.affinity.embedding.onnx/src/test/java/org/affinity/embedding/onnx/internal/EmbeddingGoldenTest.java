package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The whole service pipeline (tokenizer, truncation, one plain ONNX Runtime session, pooling,
 * normalisation) against the reference embeddings of the int8 models, for every golden text, by what
 * retrieval needs (../shared/golden/README.md): cosine to the reference mean >= 0.999 and every text
 * >= 0.98, and the same neighbours (each text's 10 most similar golden texts overlap the reference's
 * by >= 0.9 on average).
 * <p>
 * The reference was made with ONNX Runtime 1.30 on x86-64, whose LayerNorm kernel rounds differently
 * from 1.29's (the newest Java build on Maven Central); the int8 models quantize activations at run
 * time and amplify that to up to about 1% on a few texts, which changes no neighbours that matter.
 * <p>
 * A batch run re-quantizes over the whole batch, so a text's vector also depends on its batch-mates:
 * batched vectors stay within cosine 0.95 of the text's own.
 */
class EmbeddingGoldenTest {

    private static final double MEAN_COSINE = 0.999;
    private static final double LOWEST_COSINE = 0.98;
    private static final int NEIGHBOURS = 10;
    private static final double NEIGHBOUR_OVERLAP = 0.9;
    private static final String VERSION = OnnxEncoder.environment().getVersion();

    @Test
    void miniLmInt8() throws Exception {
        check(new Variant(Golden.MINILM_JAR, "all-minilm-l6-v2-q", null, "embeddings-all-minilm-l6-v2-q.jsonl.gz",
                384, 256), true);
    }

    @Test
    void bgeInt8LowerCasing() throws Exception {
        check(new Variant(Golden.BGE_JAR, "bge-small-zh-v1.5-q", null,
                "embeddings-bge-small-zh-v1.5-lowercase-q.jsonl.gz", 512, 512), true);
    }

    /** The tokenizer as shipped (lowercase=false: upper-case English becomes [UNK]); the service lower-cases. */
    @Test
    void bgeInt8AsShipped() throws Exception {
        check(new Variant(Golden.BGE_JAR, "bge-small-zh-v1.5-q", false, "embeddings-bge-small-zh-v1.5-q.jsonl.gz",
                512, 512), false);
    }

    /** The overlap measure tells vectors apart: 1 for the same vectors, near 0 for vectors given to the wrong texts. */
    @Test
    void neighbourOverlapCanFail() throws Exception {
        List<float[]> reference = new ArrayList<>();
        Golden.lines("embeddings-all-minilm-l6-v2-q.jsonl.gz").forEach(line -> reference.add(Golden.floats(line.get("embedding"))));
        assertEquals(1.0, neighbourOverlap(reference, reference), 1e-9);
        List<float[]> shuffled = new ArrayList<>(reference);
        Collections.shuffle(shuffled, new Random(18));
        double overlap = neighbourOverlap(reference, shuffled);
        assertTrue(overlap < 0.2, "shuffled vectors: overlap " + overlap);
    }

    /** A model of a built bundle; {@code lowercase} overrides the bundle's when not null. */
    private record Variant(Path jar, String model, Boolean lowercase, String golden, int dimension, int maxTokens) {

        OnnxEmbeddingModel open(EmbeddingSettings settings) throws IOException {
            if (lowercase == null) {
                return ModelBundleJar.open(jar, model, settings);
            }
            return Golden.open(jar, model, d -> Golden.with(d, d.precision(), lowercase), settings);
        }

        String label() {
            return model + (lowercase == null ? "" : lowercase ? ", lower-casing" : ", tokenizer as shipped");
        }
    }

    /** Cosines of vectors to expected vectors: how many reach 0.999, which fall below {@code line}. */
    private record Figures(double mean, double lowest, int atReference, int count, List<String> below) {

        static Figures of(List<float[]> expected, List<float[]> actual, double line) {
            double sum = 0;
            double lowest = 1;
            int at = 0;
            List<String> below = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                double cosine = Golden.cosine(expected.get(i), actual.get(i));
                sum += cosine;
                lowest = Math.min(lowest, cosine);
                if (cosine >= 0.999) {
                    at++;
                }
                if (cosine < line) {
                    below.add(String.format("#%d %.6f", i, cosine));
                }
            }
            return new Figures(sum / expected.size(), lowest, at, expected.size(), below);
        }

        @Override
        public String toString() {
            return String.format("mean %.6f, lowest %.6f, %d/%d at >= 0.999", mean, lowest, atReference, count);
        }
    }

    private static void check(Variant variant, boolean batches) throws Exception {
        List<JsonNode> tokens = Golden.lines("tokens.jsonl.gz");
        List<JsonNode> golden = Golden.lines(variant.golden());
        assertEquals(tokens.size(), golden.size());
        List<String> texts = new ArrayList<>();
        tokens.forEach(line -> texts.add(line.get("text").asText()));
        List<float[]> reference = new ArrayList<>();
        golden.forEach(line -> reference.add(Golden.floats(line.get("embedding"))));

        EmbeddingSettings single = new EmbeddingSettings(1, 1, 0, false);
        List<float[]> ours;
        try (OnnxEmbeddingModel embedding = variant.open(single)) {
            assertEquals(variant.model(), embedding.id());
            assertEquals(variant.dimension(), embedding.dimension());
            assertEquals(variant.maxTokens(), embedding.description().maxTokens());
            ours = embedding.embedAll(texts);
            assertEquals(embedding.encoded(), embedding.runs(), "one session run per text");
            assertEquals(texts.stream().distinct().count(), embedding.encoded(), "each distinct text once");
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(tokens.get(i).get("id").asInt(), golden.get(i).get("id").asInt());
                assertEquals(golden.get(i).get("tokens_used").asInt(), embedding.tokens(texts.get(i)).length,
                        "tokens used for text #" + i);
            }
        }
        Figures figures = Figures.of(reference, ours, LOWEST_COSINE);
        double overlap = neighbourOverlap(reference, ours);
        System.out.printf("%s (ONNX Runtime %s, %s): %s; top-%d neighbour overlap %.4f%n", variant.label(), VERSION,
                System.getProperty("os.arch"), figures, NEIGHBOURS, overlap);
        assertTrue(figures.mean() >= MEAN_COSINE, "mean cosine to the reference: " + figures);
        assertTrue(figures.below().isEmpty(), figures.below().size() + " texts below cosine " + LOWEST_COSINE + ": "
                + figures.below());
        assertTrue(overlap >= NEIGHBOUR_OVERLAP, "top-" + NEIGHBOURS + " neighbour overlap " + overlap);
        if (batches) {
            batches(variant, texts, ours);
        }
    }

    /**
     * For each text, the share of its {@code NEIGHBOURS} most similar other texts under {@code actual}
     * that are among them under {@code expected}, averaged over the texts. Ties aside: a neighbour
     * counts when it is at least as similar under {@code expected} as the expected list's last one
     * (duplicate and empty texts have identical vectors, so the order among them is arbitrary).
     */
    static double neighbourOverlap(List<float[]> expected, List<float[]> actual) {
        int n = expected.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] expectedSimilarity = similarities(expected, i);
            double[] actualSimilarity = similarities(actual, i);
            double line = expectedSimilarity[top(expectedSimilarity)[NEIGHBOURS - 1]];
            int shared = 0;
            for (int j : top(actualSimilarity)) {
                if (expectedSimilarity[j] >= line - 1e-6) {
                    shared++;
                }
            }
            sum += (double) shared / NEIGHBOURS;
        }
        return sum / n;
    }

    /** Cosine of text {@code i} to every text; itself at minus infinity so it is never its own neighbour. */
    private static double[] similarities(List<float[]> vectors, int i) {
        double[] similarity = new double[vectors.size()];
        for (int j = 0; j < similarity.length; j++) {
            similarity[j] = j == i ? Double.NEGATIVE_INFINITY : Golden.cosine(vectors.get(i), vectors.get(j));
        }
        return similarity;
    }

    /** Indexes of the {@code NEIGHBOURS} highest values, highest first. */
    private static int[] top(double[] values) {
        int[] best = new int[NEIGHBOURS];
        Arrays.fill(best, -1);
        for (int j = 0; j < values.length; j++) {
            int k = NEIGHBOURS;
            while (k > 0 && (best[k - 1] < 0 || values[j] > values[best[k - 1]])) {
                k--;
            }
            if (k < NEIGHBOURS) {
                System.arraycopy(best, k, best, k + 1, NEIGHBOURS - k - 1);
                best[k] = j;
            }
        }
        return best;
    }

    /** Batches of 32 (batch.quantized=true) against one text per run. */
    private static void batches(Variant variant, List<String> texts, List<float[]> single) throws Exception {
        EmbeddingSettings batched = new EmbeddingSettings(1, 32, 0, true);
        try (OnnxEmbeddingModel embedding = variant.open(batched)) {
            List<float[]> ours = embedding.embedAll(texts);
            assertTrue(embedding.runs() < embedding.encoded() / 8, "batches of up to 32: " + embedding.runs() + " runs");
            Figures figures = Figures.of(single, ours, 0.95);
            System.out.printf("%s, batches of 32 against one text per run: %s%n", variant.label(), figures);
            assertTrue(figures.below().isEmpty(), "lowest cosine batched vs single " + figures);
            assertTrue(figures.mean() >= 0.985, "mean cosine batched vs single " + figures);
        }
    }
}
