package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The whole service pipeline (tokenizer, truncation, session or parts, pooling, normalisation) against
 * the reference embeddings of the int8 models, for every golden text: the issue's line, cosine >= 0.999
 * for EVERY text.
 * <p>
 * The reference was made with ONNX Runtime 1.30 on x86-64, whose AVX2/FMA LayerNorm kernel rounds
 * differently from 1.29's (the newest Java build on Maven Central), and the int8 models amplify that
 * (README, "Accuracy"). With {@code layer.norm=reference} (the default) the service computes every
 * LayerNorm in Java with 1.30's arithmetic on 1.29, and every text reaches 0.999; with
 * {@code runtime} (ONNX Runtime's own LayerNorm) some do not, which this test also checks so that it
 * is known to tell the two apart. On ONNX Runtime 1.30+ both are one session and reach the line.
 * <p>
 * A batch run re-quantizes over the whole batch, so a text's vector also depends on its batch-mates:
 * batched vectors stay within cosine 0.95 of the text's own. The reference LayerNorm in batches is
 * checked against ONNX Runtime's on the same texts.
 */
class EmbeddingGoldenTest {

    /** The issue's line: every text at least this close to the reference. */
    private static final double REFERENCE_COSINE = 0.999;
    private static final String ARCH = System.getProperty("os.arch");
    private static final String VERSION = OnnxEncoder.environment().getVersion();
    private static final boolean X86 = "amd64".equals(ARCH) || "x86_64".equals(ARCH);
    /** Whether the service computes the int8 models' LayerNorms in Java here (before 1.30, x86-64). */
    private static final boolean JAVA_LAYER_NORM = LayerNormMode.javaLayerNormNeeded(VERSION, ARCH);

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

    /** Cosines of vectors to expected vectors. */
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
                if (cosine >= line) {
                    at++;
                } else {
                    below.add(String.format("#%d %.6f", i, cosine));
                }
            }
            return new Figures(sum / expected.size(), lowest, at, expected.size(), below);
        }

        @Override
        public String toString() {
            return String.format("mean %.6f, lowest %.6f, %d/%d at >= %s", mean, lowest, atReference, count,
                    REFERENCE_COSINE);
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
            assertEquals(JAVA_LAYER_NORM, embedding.runsAs().startsWith("Java LayerNorm"), embedding.runsAs());
            ours = embedding.embedAll(texts);
            assertEquals(embedding.encoded(), embedding.runs(), "one session run per text");
            assertEquals(texts.stream().distinct().count(), embedding.encoded(), "each distinct text once");
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(tokens.get(i).get("id").asInt(), golden.get(i).get("id").asInt());
                assertEquals(golden.get(i).get("tokens_used").asInt(), embedding.tokens(texts.get(i)).length,
                        "tokens used for text #" + i);
            }
            Figures figures = Figures.of(reference, ours, REFERENCE_COSINE);
            System.out.printf("%s, layer.norm=reference (ONNX Runtime %s, %s; %s): %s%n", variant.label(), VERSION,
                    ARCH, embedding.runsAs(), figures);
            if (X86) {
                assertTrue(figures.below().isEmpty(), figures.below().size() + " texts below cosine " + REFERENCE_COSINE
                        + ": " + figures.below());
            } else { // ONNX Runtime's scalar LayerNorm, as 1.29 on x86-64 computes it (the figures of layer.norm=runtime)
                assertTrue(figures.mean() >= 0.999 && figures.lowest() >= 0.985, figures.toString());
            }
        }

        if (JAVA_LAYER_NORM) {
            try (OnnxEmbeddingModel embedding = variant.open(single.with(LayerNormMode.RUNTIME))) {
                assertFalse(embedding.runsAs().startsWith("Java LayerNorm"), embedding.runsAs());
                Figures figures = Figures.of(reference, embedding.embedAll(texts), REFERENCE_COSINE);
                System.out.printf("%s, layer.norm=runtime (%s): %s%n", variant.label(), embedding.runsAs(), figures);
                // ONNX Runtime 1.29's LayerNorm: close, but not every text (measured: 611, 632, 636 of 751)
                assertTrue(figures.atReference() < figures.count() - 50, "the runtime LayerNorm misses the line "
                        + "for some texts, or this test could not tell it from the reference one: " + figures);
                assertTrue(figures.mean() >= 0.999 && figures.lowest() >= 0.985, figures.toString());
            }
        }
        if (batches) {
            batches(variant, texts, ours);
        }
    }

    /** Batches of 32 (batch.quantized=true) against one text per run, and against ONNX Runtime's LayerNorm. */
    private static void batches(Variant variant, List<String> texts, List<float[]> single) throws Exception {
        EmbeddingSettings batched = new EmbeddingSettings(1, 32, 0, true);
        List<float[]> ours;
        try (OnnxEmbeddingModel embedding = variant.open(batched)) {
            ours = embedding.embedAll(texts);
            assertTrue(embedding.runs() < embedding.encoded() / 8, "batches of up to 32: " + embedding.runs() + " runs");
            Figures figures = Figures.of(single, ours, REFERENCE_COSINE);
            System.out.printf("%s, batches of 32 against one text per run: %s%n", variant.label(), figures);
            assertTrue(figures.lowest() >= 0.95, "lowest cosine batched vs single " + figures);
            assertTrue(figures.mean() >= 0.985, "mean cosine batched vs single " + figures);
        }
        if (JAVA_LAYER_NORM) {
            try (OnnxEmbeddingModel embedding = variant.open(batched.with(LayerNormMode.RUNTIME))) {
                List<float[]> runtime = embedding.embedAll(texts);
                Figures figures = Figures.of(runtime, ours, REFERENCE_COSINE);
                System.out.printf("%s, batches of 32, reference LayerNorm against ONNX Runtime's: %s%n",
                        variant.label(), figures);
                // the same texts in batches of 32 (the Java path runs batches of long texts in slices, see
                // LayerNormSessions): the LayerNorms' last bits and the slices differ, amplified by int8
                // quantization over the batch (measured: mean 0.9973 and 0.9981, lowest 0.985 and 0.994).
                // LayerNormSessionsTest shows on the fp32 models that padded batches compute alike.
                assertTrue(figures.mean() >= 0.995 && figures.lowest() >= 0.975, figures.toString());
            }
        }
    }
}
