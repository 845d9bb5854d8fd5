package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.embedding.ModelUnavailableException;
import org.junit.jupiter.api.Test;

class CoalescingEncoderTest {

    /** Answers [first id, length]; checks it runs no more batches at once than allowed, and none after close. */
    static final class FakeEncoder implements BatchEncoder {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final int allowed;
        final AtomicInteger largestBatch = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean misuse = new AtomicBoolean();
        volatile CountDownLatch gate;
        final long sleepMillis;

        FakeEncoder(long sleepMillis) {
            this(sleepMillis, 1);
        }

        FakeEncoder(long sleepMillis, int allowed) {
            this.sleepMillis = sleepMillis;
            this.allowed = allowed;
        }

        @Override
        public float[][] encode(int[][] batch) throws Exception {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            if (now > allowed || closes.get() > 0) {
                misuse.set(true);
            }
            try {
                largestBatch.accumulateAndGet(batch.length, Math::max);
                CountDownLatch wait = gate;
                if (wait != null) {
                    wait.await();
                }
                Thread.sleep(sleepMillis);
                float[][] out = new float[batch.length][];
                for (int i = 0; i < batch.length; i++) {
                    out[i] = new float[] { batch[i][0], batch[i].length };
                }
                return out;
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() {
            if (running.get() != 0) {
                misuse.set(true);
            }
            closes.incrementAndGet();
        }
    }

    @Test
    void aLoneCallerRunsItsOwnBatch() {
        FakeEncoder fake = new FakeEncoder(0);
        CoalescingEncoder encoder = new CoalescingEncoder("m", fake, 8, 1000);
        float[][] out = encoder.encode(new int[][] { { 7, 1, 2 }, { 9 } });
        assertEquals(7f, out[0][0]);
        assertEquals(3f, out[0][1]);
        assertEquals(9f, out[1][0]);
        assertEquals(1, encoder.runs());
        assertEquals(2, encoder.sequences());
    }

    @Test
    void aLongTextDoesNotJoinABatchOfShortOnes() {
        List<Integer> sizes = new ArrayList<>();
        BatchEncoder recording = new BatchEncoder() {
            @Override
            public float[][] encode(int[][] batch) {
                sizes.add(batch.length);
                return new float[batch.length][1];
            }

            @Override
            public void close() {
            }
        };
        CoalescingEncoder encoder = new CoalescingEncoder("m", recording, 32, 1000);
        int[][] texts = new int[9][];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = new int[i == 5 ? 300 : 10];
        }
        assertEquals(9, encoder.encode(texts).length);
        assertEquals(List.of(5, 1, 3), sizes, "short ones, the long one alone, short ones: in queue order");
    }

    @Test
    void concurrentCallersShareBoundedRuns() throws Exception {
        FakeEncoder fake = new FakeEncoder(2);
        CoalescingEncoder encoder = new CoalescingEncoder("m", fake, 8, 1000);
        int threads = 16;
        int calls = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                int correct = 0;
                for (int c = 0; c < calls; c++) {
                    int id = thread * 1000 + c;
                    float[] vector = encoder.encode(new int[][] { new int[1 + c % 5] })[0];
                    float[] again = encoder.encode(new int[][] { { id } })[0];
                    if (vector[1] == 1 + c % 5 && again[0] == id) {
                        correct++;
                    }
                }
                return correct;
            }));
        }
        for (Future<Integer> result : results) {
            assertEquals(calls, result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        long sequences = encoder.sequences();
        assertEquals(threads * calls * 2L, sequences);
        assertTrue(encoder.runs() < sequences / 2, "calls were coalesced: " + encoder.runs() + " runs for "
                + sequences + " sequences");
        assertTrue(fake.largestBatch.get() <= 8, "batch bound: " + fake.largestBatch.get());
        assertFalse(fake.misuse.get(), "the encoder ran two batches at once");
    }

    @Test
    void closeWaitsForTheRunningBatchAndFailsTheQueue() throws Exception {
        FakeEncoder fake = new FakeEncoder(0);
        fake.gate = new CountDownLatch(1);
        CoalescingEncoder encoder = new CoalescingEncoder("m", fake, 1, 10_000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<float[][]> running = pool.submit(() -> encoder.encode(new int[][] { { 1 } }));
        while (fake.running.get() == 0) {
            Thread.sleep(1);
        }
        Future<float[][]> queued = pool.submit(() -> encoder.encode(new int[][] { { 2 } }));
        Thread.sleep(50);
        Future<?> closing = pool.submit(() -> encoder.close("its bundle stopped"));
        Thread.sleep(100);
        assertFalse(closing.isDone(), "close waits while a batch runs");
        assertEquals(0, fake.closes.get());
        fake.gate.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertEquals(1f, running.get(10, TimeUnit.SECONDS)[0][0], "the running batch completes");
        Exception failure = assertThrows(Exception.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof ModelUnavailableException, failure.toString());
        assertTrue(failure.getCause().getMessage().contains("its bundle stopped"), failure.getCause().getMessage());
        assertEquals(1, fake.closes.get());
        assertThrows(ModelUnavailableException.class, () -> encoder.encode(new int[][] { { 3 } }));
        assertFalse(fake.misuse.get());
        pool.shutdown();
    }

    @Test
    void closingWhileCallsFlowNeverOverlapsARun() throws Exception {
        FakeEncoder fake = new FakeEncoder(1);
        CoalescingEncoder encoder = new CoalescingEncoder("m", fake, 4, 10_000);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int c = 0; c < 1000; c++) {
                    try {
                        encoder.encode(new int[][] { { c } });
                        completed.incrementAndGet();
                    } catch (ModelUnavailableException e) {
                        refused.incrementAndGet();
                        return;
                    } catch (RuntimeException e) {
                        other.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        Thread.sleep(100);
        encoder.close("the configuration switched models");
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(completed.get() > 0);
        assertEquals(threads, refused.get(), "every caller ends with ModelUnavailableException");
        assertEquals(0, other.get());
        assertEquals(1, fake.closes.get());
        assertFalse(fake.misuse.get(), "encoder used concurrently or after close");
    }

    @Test
    void anEncoderFailureReachesEveryCallerOfTheBatch() {
        BatchEncoder broken = new BatchEncoder() {
            @Override
            public float[][] encode(int[][] batch) {
                throw new IllegalArgumentException("bad input");
            }

            @Override
            public void close() {
            }
        };
        CoalescingEncoder encoder = new CoalescingEncoder("m", broken, 4, 1000);
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> encoder.encode(new int[][] { { 1 } }));
        assertTrue(failure.getMessage().contains("bad input"), failure.getMessage());
        assertFalse(failure instanceof ModelUnavailableException);
    }

    @Test
    void twoLanesRunTwoBatchesAtOnceAndCloseWhenBothEnd() throws Exception {
        FakeEncoder fake = new FakeEncoder(20, 2);
        CoalescingEncoder encoder = new CoalescingEncoder("m", fake, 1, 2, 5_000);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    assertEquals(thread, (int) encoder.encode(new int[][] { { thread, i } })[0][0]);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        assertEquals(60, encoder.sequences());
        assertEquals(2, fake.mostAtOnce.get(), "two batches ran at once");

        fake.gate = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> encoder.encode(new int[][] { { 1 } }));
        Future<?> second = pool.submit(() -> encoder.encode(new int[][] { { 2 } }));
        while (fake.running.get() < 2) {
            Thread.sleep(1);
        }
        Future<?> closing = pool.submit(() -> encoder.close("its bundle stopped"));
        Thread.sleep(50);
        assertEquals(0, fake.closes.get(), "not closed under running batches");
        fake.gate.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        closing.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(1, fake.closes.get());
        assertFalse(fake.misuse.get());
        assertThrows(ModelUnavailableException.class, () -> encoder.encode(new int[][] { { 3 } }));
    }
}
