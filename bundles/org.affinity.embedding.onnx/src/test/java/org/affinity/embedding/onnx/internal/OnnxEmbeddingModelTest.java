package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.embedding.ModelUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's model on the real int8 MiniLM session. */
class OnnxEmbeddingModelTest {

    private static OnnxEmbeddingModel model;

    @BeforeAll
    static void open() throws Exception {
        model = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q", new EmbeddingSettings(1, 8, 100, true));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void vectorsAreUnitLengthAndMeaningful() {
        float[] lights = model.embed("christmas lights");
        assertEquals(384, lights.length);
        assertEquals(1.0, Math.sqrt(Golden.cosine(lights, lights) * dot(lights, lights)), 1e-5);
        double close = dot(lights, model.embed("FAIRY LIGHTS FOR THE CHRISTMAS TREE"));
        double far = dot(lights, model.embed("where is my refund"));
        assertTrue(close > far + 0.2, "similar texts are closer: " + close + " vs " + far);
    }

    @Test
    void repeatedTextsComeFromTheCacheAsCopies() {
        float[] first = model.embed("a text seen twice");
        long runs = model.runs();
        float[] second = model.embed("a text seen twice");
        assertEquals(runs, model.runs(), "no session run for a cached text");
        assertArrayEquals(first, second);
        assertNotSame(first, second);
    }

    @Test
    void embedAllKeepsOrderAndEmbedsDuplicatesOnce() {
        List<String> texts = List.of("red mug", "blue mug", "red mug", "", "a much longer text about a mug");
        long encoded = model.encoded();
        List<float[]> vectors = model.embedAll(texts);
        assertEquals(5, vectors.size());
        assertTrue(model.encoded() - encoded <= 4, "the duplicate is embedded once");
        assertArrayEquals(vectors.get(0), vectors.get(2));
        assertNotSame(vectors.get(0), vectors.get(2));
        assertArrayEquals(vectors.get(1), model.embed("blue mug"));
        assertEquals(List.of(), model.embedAll(List.of()));
    }

    @Test
    void int8VectorsDoNotDependOnBatchMatesByDefault() throws Exception {
        List<String> texts = List.of("WHITE HANGING HEART T-LIGHT HOLDER",
                "<p>The Zing Jump Rope is a must-have for your fitness routine.</p>", "my order never arrived",
                "red mug", "SET OF 3 CAKE TINS PANTRY DESIGN");
        try (OnnxEmbeddingModel batched = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                new EmbeddingSettings(1, 32, 0, false));
                OnnxEmbeddingModel single = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                        new EmbeddingSettings(1, 1, 0, false))) {
            List<float[]> together = batched.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(single.embed(texts.get(i)), together.get(i), texts.get(i));
            }
            assertEquals(texts.size(), batched.runs(), "one text per run for an int8 model");
        }
    }

    /** Two runs at once on one session (a long list's batches split with a helper thread) compute the same. */
    @Test
    void aLongListOnTwoParallelRunsGivesTheSameVectors() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            texts.add("item " + i + (i % 3 == 0 ? " with a somewhat longer description of what it is" : ""));
        }
        try (OnnxEmbeddingModel one = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                new EmbeddingSettings(1, 32, 0, false, 1));
                OnnxEmbeddingModel two = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                        new EmbeddingSettings(1, 32, 0, false, 2))) {
            List<float[]> alone = one.embedAll(texts);
            List<float[]> parallel = two.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(alone.get(i), parallel.get(i), texts.get(i));
            }
            assertEquals(texts.size(), two.runs());
        }
    }

    @Test
    void concurrentCallersShareSessionRuns() throws Exception {
        try (OnnxEmbeddingModel shared = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                new EmbeddingSettings(1, 16, 0, true))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        assertEquals(384, shared.embed("item " + thread + " number " + i).length);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(160, shared.encoded());
            assertTrue(shared.runs() < 160, "concurrent calls were coalesced: " + shared.runs() + " runs");
        }
    }

    @Test
    void closingWhileThreadsEmbedFailsThemCleanly() throws Exception {
        OnnxEmbeddingModel closing = ModelBundleJar.open(Golden.MINILM_JAR, "all-minilm-l6-v2-q",
                new EmbeddingSettings(1, 8, 0, true));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    try {
                        if (i % 3 == 0) {
                            closing.embedAll(List.of("batch " + thread + " " + i, "second " + i));
                        } else {
                            closing.embed("text " + thread + " " + i);
                        }
                        done.incrementAndGet();
                    } catch (ModelUnavailableException e) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        Thread.sleep(300);
        closing.close("its bundle stopped");
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS); // any other exception fails here
        }
        pool.shutdown();
        assertTrue(done.get() > 0);
        assertEquals(6, refused.get());
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> closing.embed("later"));
        assertEquals("embedding model 'all-minilm-l6-v2-q' is no longer available: its bundle stopped", e.getMessage());
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
