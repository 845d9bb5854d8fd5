package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {

    static final int DIMENSION = 16;
    static final int WRITES_PER_WRITER = 200;

    @TempDir
    Path data;

    static float[] random(Random random) {
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    @Test
    void writersSeeTheirOwnWritesWhileReadersAndCommitsRun() throws Exception {
        LuceneVectorIndex index = new LuceneVectorIndex(data, Tuning.defaults());
        VectorCollection items = index.open("items", "m", DIMENSION);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger searches = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        int writers = 2;
        CountDownLatch writersDone = new CountDownLatch(writers);
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w;
            threads.add(thread(failures, () -> {
                Random random = new Random(writer.hashCode());
                try {
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        String id = writer + "-" + i;
                        items.upsert(new VectorEntry(id, random(random), Map.of("writer", writer, "key", id)));
                        List<VectorHit> own = items.search(new VectorQuery(random(random), 1, Map.of("key", Set.of(id)), null));
                        assertEquals(id, own.isEmpty() ? null : own.get(0).id(), "a write is visible to the writer's next search");
                        assertTrue(items.get(id).isPresent());
                        if (i % 10 == 9) {
                            String old = writer + "-" + (i - 5);
                            assertTrue(items.delete(old), old);
                            assertTrue(items.get(old).isEmpty(), "a delete is visible at once: " + old);
                        }
                    }
                } finally {
                    writersDone.countDown();
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            long seed = r;
            threads.add(thread(failures, () -> {
                Random random = new Random(seed);
                while (writing.get()) {
                    List<VectorHit> hits = items.search(new VectorQuery(random(random), 10,
                            random.nextBoolean() ? Map.of("writer", Set.of("w1")) : null, null));
                    assertTrue(hits.size() <= 10);
                    Set<String> distinct = new HashSet<>();
                    float previous = Float.POSITIVE_INFINITY;
                    for (VectorHit hit : hits) {
                        assertTrue(distinct.add(hit.id()), "no id twice");
                        assertTrue(hit.score() <= previous && hit.score() >= -1 && hit.score() <= 1, "ordered cosines");
                        previous = hit.score();
                    }
                    items.size();
                    searches.incrementAndGet();
                }
            }));
        }
        threads.add(thread(failures, () -> {
            while (writing.get()) {
                items.commit();
                Thread.sleep(250);
            }
        }));
        threads.forEach(Thread::start);
        assertTrue(writersDone.await(120, TimeUnit.SECONDS), "writers finished");
        writing.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures.peek() + " and " + (failures.size() - 1) + " more");
        int deletedPerWriter = WRITES_PER_WRITER / 10;
        assertEquals(writers * (WRITES_PER_WRITER - deletedPerWriter), items.size());
        assertTrue(searches.get() > 0);
        index.close();

        LuceneVectorIndex reopened = new LuceneVectorIndex(data, Tuning.defaults());
        assertEquals(writers * (WRITES_PER_WRITER - deletedPerWriter), reopened.existing("items").orElseThrow().size());
        reopened.close();
    }

    @Test
    void stoppingTheIndexUnderLoadFailsReadsCleanly() throws Exception {
        LuceneVectorIndex index = new LuceneVectorIndex(data, Tuning.defaults());
        VectorCollection items = index.open("items", "m", DIMENSION);
        Random random = new Random(1);
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(new VectorEntry("i" + i, random(random), Map.of()));
        }
        items.upsertAll(entries);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger closedSeen = new AtomicInteger();
        CountDownLatch searching = new CountDownLatch(2);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(thread(failures, () -> {
                Random queries = new Random();
                searching.countDown();
                while (true) {
                    try {
                        items.search(VectorQuery.of(random(queries), 10));
                        items.upsert(new VectorEntry("late", random(queries), Map.of()));
                    } catch (IllegalStateException e) {
                        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
                        closedSeen.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        readers.forEach(Thread::start);
        searching.await();
        Thread.sleep(100);
        index.close();
        for (Thread reader : readers) {
            reader.join(30_000);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures.peek());
        assertEquals(2, closedSeen.get());
    }

    interface Body {
        void run() throws Exception;
    }

    static Thread thread(ConcurrentLinkedQueue<Throwable> failures, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }
}
