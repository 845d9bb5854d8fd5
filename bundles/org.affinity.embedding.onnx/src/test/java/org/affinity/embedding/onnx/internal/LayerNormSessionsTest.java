package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.affinity.embedding.onnx.internal.TinyOnnx.Shape;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The encoder with the Java LayerNorm (model parts between LayerNorms) against the same model in one
 * session: when it is chosen, that padded batches compute alike, and that a model it cannot cut runs
 * as one session instead of failing.
 */
class LayerNormSessionsTest {

    private static final String ARCH = System.getProperty("os.arch");
    private static final boolean JAVA_LAYER_NORM = LayerNormMode.javaLayerNormNeeded(
            OnnxEncoder.environment().getVersion(), ARCH);
    private static final int[][] PADDED = { { 1, 5, 7, 2 }, { 1, 11, 2 }, { 1, 3, 4, 5, 6, 7, 8, 9, 10, 2 }, { 1, 2 } };

    private static ModelDescription tiny(String precision, Pooling pooling) {
        return new ModelDescription("tiny", TinyOnnx.WIDTH, pooling, true, 16, List.of("en"), precision, "tiny.onnx",
                "tokenizer.json", "test", "test");
    }

    @Test
    void whenTheJavaLayerNormRuns() throws Exception {
        byte[] model = TinyOnnx.encoder(3, Shape.BERT);
        try (OnnxEncoder int8 = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.REFERENCE);
                OnnxEncoder runtime = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.RUNTIME);
                OnnxEncoder fp32 = OnnxEncoder.open(model, tiny("fp32", Pooling.MEAN), 1, LayerNormMode.REFERENCE)) {
            assertEquals(JAVA_LAYER_NORM ? "Java LayerNorm (ONNX Runtime 1.30's x86 arithmetic), 2 sessions"
                    : "ONNX Runtime LayerNorm, 1 session", int8.describe());
            assertEquals("ONNX Runtime LayerNorm, 1 session", runtime.describe());
            assertEquals("ONNX Runtime LayerNorm, 1 session", fp32.describe(), "fp32 models keep one session");
        }
    }

    @Test
    void paddedBatchesComputeAsTheWholeModel() throws Exception {
        assumeTrue(JAVA_LAYER_NORM, "ONNX Runtime " + OnnxEncoder.environment().getVersion() + " on " + ARCH);
        byte[] model = TinyOnnx.encoder(5, Shape.BERT);
        for (Pooling pooling : Pooling.values()) {
            try (OnnxEncoder parts = OnnxEncoder.open(model, tiny("int8", pooling), 1, LayerNormMode.REFERENCE);
                    OnnxEncoder whole = OnnxEncoder.open(model, tiny("int8", pooling), 1, LayerNormMode.RUNTIME)) {
                float[][] batched = parts.encode(PADDED);
                float[][] expected = whole.encode(PADDED);
                for (int i = 0; i < PADDED.length; i++) {
                    float[] alone = parts.encode(new int[][] { PADDED[i] })[0];
                    for (int d = 0; d < TinyOnnx.WIDTH; d++) {
                        // float rounding apart: the LayerNorms are the same function
                        assertEquals(expected[i][d], batched[i][d], 1e-5, pooling + " sequence " + i);
                        assertEquals(alone[d], batched[i][d], 1e-5, pooling + " padding changes nothing " + i);
                    }
                }
            }
        }
    }

    @Test
    void aModelWithoutThePatternRunsAsOneSession() throws Exception {
        // the output is not a LayerNorm's, so the graph cannot be cut: logged, one session, same vectors
        byte[] model = TinyOnnx.encoder(5, new Shape(2f, false, false));
        try (OnnxEncoder reference = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.REFERENCE);
                OnnxEncoder runtime = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.RUNTIME)) {
            assertEquals("ONNX Runtime LayerNorm, 1 session", reference.describe());
            float[][] a = reference.encode(PADDED);
            float[][] b = runtime.encode(PADDED);
            for (int i = 0; i < a.length; i++) {
                assertEquals(1.0, Golden.cosine(a[i], b[i]), 1e-9);
            }
        }
    }

    @Test
    void longBatchesRunInSlices() throws Exception {
        assumeTrue(JAVA_LAYER_NORM, "ONNX Runtime " + OnnxEncoder.environment().getVersion() + " on " + ARCH);
        byte[] model = TinyOnnx.encoder(5, Shape.BERT);
        try (OnnxEncoder parts = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.REFERENCE);
                OnnxEncoder whole = OnnxEncoder.open(model, tiny("int8", Pooling.MEAN), 1, LayerNormMode.RUNTIME)) {
            // max tokens 16: 16 x 16 attention, so sequences of 9..16 tokens run one at a time, of 8 four at a time
            int[][] batch = new int[6][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = new int[i % 2 == 0 ? 16 : 3];
                for (int t = 0; t < batch[i].length; t++) {
                    batch[i][t] = 1 + (i * 7 + t * 3) % (TinyOnnx.VOCABULARY - 1);
                }
            }
            float[][] sliced = parts.encode(batch);
            float[][] expected = whole.encode(batch);
            assertEquals(batch.length, sliced.length);
            for (int i = 0; i < batch.length; i++) {
                assertEquals(1.0, Golden.cosine(expected[i], sliced[i]), 1e-6, "sequence " + i);
            }
        }
    }

    /**
     * The shipped fp32 models (no run-time quantization, so no batch-mate effects) with the Java
     * LayerNorm forced on: batches of golden texts of mixed lengths (padding, masks) give the same
     * vectors as the whole model in one session.
     */
    @Test
    void shippedModelsInPaddedBatches() throws Exception {
        assumeTrue(JAVA_LAYER_NORM, "ONNX Runtime " + OnnxEncoder.environment().getVersion() + " on " + ARCH);
        List<String> texts = new ArrayList<>();
        List<JsonNode> lines = Golden.lines("tokens.jsonl.gz");
        for (int i = 0; i < lines.size() && texts.size() < 24; i += 31) {
            texts.add(lines.get(i).get("text").asText());
        }
        for (String[] model : new String[][] { { "MINILM", "all-minilm-l6-v2" }, { "BGE", "bge-small-zh-v1.5" } }) {
            java.nio.file.Path jar = model[0].equals("MINILM") ? Golden.MINILM_JAR : Golden.BGE_JAR;
            EmbeddingSettings settings = new EmbeddingSettings(1, 8, 0, true);
            try (OnnxEmbeddingModel parts = Golden.open(jar, model[1], d -> Golden.with(d, "int8", d.lowercase()), settings);
                    OnnxEmbeddingModel whole = Golden.open(jar, model[1], d -> d, settings)) {
                assertTrue(parts.runsAs().startsWith("Java LayerNorm"), parts.runsAs());
                assertTrue(whole.runsAs().startsWith("ONNX Runtime"), whole.runsAs());
                List<float[]> a = parts.embedAll(texts);
                List<float[]> b = whole.embedAll(texts);
                assertTrue(parts.runs() < texts.size(), "batched: " + parts.runs() + " runs");
                double lowest = 1;
                for (int i = 0; i < texts.size(); i++) {
                    lowest = Math.min(lowest, Golden.cosine(a.get(i), b.get(i)));
                }
                System.out.printf("%s fp32, batches of 8, Java LayerNorm against the whole model: lowest cosine %.8f%n",
                        model[1], lowest);
                assertTrue(lowest > 0.99999, "lowest cosine " + lowest);
            }
        }
    }
}
