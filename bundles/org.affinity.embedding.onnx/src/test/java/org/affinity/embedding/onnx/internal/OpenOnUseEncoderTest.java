package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.affinity.embedding.onnx.internal.CoalescingEncoderTest.FakeEncoder;
import org.junit.jupiter.api.Test;

/** A model on demand opens its session at its first text and closes it when unused. */
class OpenOnUseEncoderTest {

    private final AtomicInteger opened = new AtomicInteger();
    private volatile FakeEncoder session;

    private OpenOnUseEncoder encoder(long sleepMillis) {
        return new OpenOnUseEncoder("fake", () -> {
            opened.incrementAndGet();
            session = new FakeEncoder(sleepMillis, 2);
            return session;
        });
    }

    @Test
    void opensAtTheFirstBatchNotBefore() throws Exception {
        OpenOnUseEncoder encoder = encoder(0);
        assertEquals(0, opened.get());
        assertFalse(encoder.isOpen());
        assertArrayEquals(new float[] { 7, 2 }, encoder.encode(new int[][] { { 7, 8 } })[0]);
        encoder.encode(new int[][] { { 1 } });
        assertEquals(1, opened.get(), "one session for both batches");
        assertTrue(encoder.isOpen());
    }

    @Test
    void closesWhenIdleAndReopensAtTheNextBatch() throws Exception {
        OpenOnUseEncoder encoder = encoder(0);
        encoder.encode(new int[][] { { 1 } });
        assertFalse(encoder.closeIfIdle(TimeUnit.HOURS.toNanos(1)), "used a moment ago");
        assertTrue(encoder.isOpen());
        Thread.sleep(5);
        assertTrue(encoder.closeIfIdle(TimeUnit.MILLISECONDS.toNanos(1)));
        assertEquals(1, session.closes.get());
        assertFalse(encoder.isOpen());
        assertFalse(encoder.closeIfIdle(0), "nothing left to close");
        assertArrayEquals(new float[] { 3, 1 }, encoder.encode(new int[][] { { 3 } })[0]);
        assertEquals(2, opened.get());
        assertEquals(2, encoder.opens());
    }

    @Test
    void neverClosesUnderARunningBatch() throws Exception {
        OpenOnUseEncoder encoder = encoder(0);
        encoder.encode(new int[][] { { 1 } });
        CountDownLatch gate = new CountDownLatch(1);
        session.gate = gate;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<float[][]> running = pool.submit(() -> encoder.encode(new int[][] { { 5 } }));
            while (session.running.get() == 0) {
                Thread.sleep(1);
            }
            assertFalse(encoder.closeIfIdle(0), "a batch runs");
            gate.countDown();
            assertArrayEquals(new float[] { 5, 1 }, running.get(10, TimeUnit.SECONDS)[0]);
            assertFalse(session.misuse.get(), "no batch ran on a closed session");
            Thread.sleep(2);
            assertTrue(encoder.closeIfIdle(TimeUnit.MILLISECONDS.toNanos(1)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedOpenIsRetriedByTheNextBatch() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        OpenOnUseEncoder encoder = new OpenOnUseEncoder("flaky", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("model file unreadable");
            }
            return new FakeEncoder(0);
        });
        IOException failure = assertThrows(IOException.class, () -> encoder.encode(new int[][] { { 1 } }));
        assertEquals("model file unreadable", failure.getMessage());
        assertFalse(encoder.isOpen());
        assertArrayEquals(new float[] { 1, 1 }, encoder.encode(new int[][] { { 1 } })[0]);
        assertEquals(2, attempts.get());
    }

    @Test
    void closedForGoodRefusesBatches() throws Exception {
        OpenOnUseEncoder encoder = encoder(0);
        encoder.encode(new int[][] { { 1 } });
        encoder.close();
        assertEquals(1, session.closes.get());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> encoder.encode(new int[][] { { 1 } }));
        assertTrue(refused.getMessage().contains("'fake' was closed"), refused.getMessage());
        assertEquals(1, opened.get(), "not reopened after close");
    }

    /** The real int8 MiniLM: the same vectors whether the session was opened at once, on use, or again. */
    @Test
    void aRealModelOpenedOnUseGivesTheSameVectors() throws Exception {
        ModelDescription minilm = ModelBundleJar.models(Golden.MINILM_JAR).stream()
                .filter(m -> m.id().equals("all-minilm-l6-v2-q")).findFirst().orElseThrow();
        AtomicInteger reads = new AtomicInteger();
        ModelFiles files = path -> {
            if (path.equals(minilm.onnx())) {
                reads.incrementAndGet();
            }
            try (JarFile jar = new JarFile(Golden.MINILM_JAR.toFile())) {
                ZipEntry entry = jar.getEntry(path);
                if (entry == null) {
                    throw new IOException("no " + path);
                }
                return new ByteArrayInputStream(jar.getInputStream(entry).readAllBytes());
            }
        };
        EmbeddingSettings noCache = new EmbeddingSettings(1, 8, 0);
        try (OnnxEmbeddingModel atOnce = OnnxEmbeddingModel.open(minilm, files, noCache);
                OnnxEmbeddingModel onUse = OnnxEmbeddingModel.openOnUse(minilm, files, noCache)) {
            assertEquals(1, reads.get(), "the model file is read at the first text, not at load");
            assertFalse(onUse.sessionOpen());
            float[] expected = atOnce.embed("paper chain kit christmas");
            assertArrayEquals(expected, onUse.embed("paper chain kit christmas"));
            assertTrue(onUse.sessionOpen());
            assertEquals(2, reads.get());
            Thread.sleep(2);
            assertFalse(atOnce.closeSessionIfIdle(Duration.ZERO), "a model opened at once keeps its session");
            assertTrue(onUse.closeSessionIfIdle(Duration.ofMillis(1)));
            assertFalse(onUse.sessionOpen());
            assertArrayEquals(expected, onUse.embed("paper chain kit christmas"));
            assertEquals(3, reads.get(), "reopened from the model file");
        }
    }
}
