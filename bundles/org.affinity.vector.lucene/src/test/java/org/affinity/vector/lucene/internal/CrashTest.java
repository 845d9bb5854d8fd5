package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorQuery;
import org.apache.lucene.index.IndexWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A JVM that writes, commits, writes more (made visible to searches, so Lucene has flushed segment
 * files that no commit references yet), then dies without closing anything. The next start must
 * open the collection at its last commit: every committed entry there, nothing uncommitted.
 */
class CrashTest {

    @TempDir
    Path data;

    /** The crashing process. */
    public static void main(String[] args) {
        LuceneVectorIndex index = new LuceneVectorIndex(Path.of(args[0]), new Tuning(10, 100, 5000, 3600, 16, 100, 16));
        VectorCollection items = index.open("items", "crash-model", 8);
        List<VectorEntry> committed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            committed.add(new VectorEntry("c" + i, vector(i), Map.of("batch", "committed")));
        }
        items.upsertAll(committed);
        for (int i = 0; i < 50; i++) {
            items.upsert(new VectorEntry("u" + i, vector(1000 + i), Map.of("batch", "uncommitted")));
        }
        for (int i = 0; i < 10; i++) {
            items.delete("c" + i);
        }
        items.upsert(new VectorEntry("c50", vector(7), Map.of("batch", "rewritten")));
        if (items.size() != 140 || items.search(VectorQuery.of(vector(1000), 1)).isEmpty()) {
            System.exit(3);
        }
        System.out.println("written, not committed: crashing");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }

    static float[] vector(int seed) {
        float[] vector = new float[8];
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    @Test
    void aCrashLosesOnlyWhatWasNotCommittedAndTheIndexOpensConsistently() throws Exception {
        Process crashing = new ProcessBuilder(javaCommand(), "-cp", classPath(), CrashTest.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String output = new String(crashing.getInputStream().readAllBytes());
        assertTrue(crashing.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, crashing.exitValue(), output);
        assertTrue(output.contains("crashing"), output);

        LuceneVectorIndex index = new LuceneVectorIndex(data, Tuning.defaults());
        try {
            VectorCollection items = index.existing("items").orElseThrow();
            assertEquals("crash-model", items.modelId());
            assertEquals(100, items.size(), "exactly the committed entries");
            for (int i = 0; i < 100; i++) {
                assertEquals("committed", items.get("c" + i).orElseThrow().fields().get("batch"), "c" + i);
            }
            assertTrue(items.get("u0").isEmpty(), "uncommitted upserts are gone");
            assertEquals("c3", items.search(VectorQuery.of(vector(3), 1)).get(0).id(), "uncommitted deletes are undone");
            assertTrue(items.search(new VectorQuery(vector(1000), 10, Map.of("batch", Set.of("uncommitted")), null)).isEmpty());

            items.upsert(new VectorEntry("after", vector(2000), Map.of()));
            assertEquals("after", items.search(VectorQuery.of(vector(2000), 1)).get(0).id(), "writable again");
            assertEquals(101, items.size());
        } finally {
            index.close();
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Where this test, our classes, the API, Lucene and SLF4J come from (the JUnit launcher's own class path is not ours). */
    private static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(CrashTest.class, LuceneVectorIndex.class, VectorCollection.class, IndexWriter.class,
                LoggerFactory.class)) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
