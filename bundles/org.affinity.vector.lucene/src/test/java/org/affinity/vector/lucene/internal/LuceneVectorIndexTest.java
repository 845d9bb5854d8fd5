package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorIndexTest {

    static final String MODEL = "test-model";

    @TempDir
    Path data;

    LuceneVectorIndex index;

    @BeforeEach
    void start() {
        index = new LuceneVectorIndex(data, Tuning.defaults());
    }

    @AfterEach
    void stop() {
        index.close();
    }

    static VectorEntry entry(String id, float[] vector, Map<String, Object> fields) {
        return new VectorEntry(id, vector, fields);
    }

    /** A unit vector along axis {@code i} of 8 dimensions, tilted a little towards axis {@code j}. */
    static float[] axis(int i, int j, float tilt) {
        float[] vector = new float[8];
        vector[i] = 1;
        vector[j] += tilt;
        return vector;
    }

    @Test
    void aSearchRightAfterAnUpsertFindsIt() {
        VectorCollection items = index.open("items", MODEL, 8);
        for (int i = 0; i < 8; i++) {
            items.upsert(entry("item-" + i, axis(i, (i + 1) % 8, 0.1f), Map.of()));
            List<VectorHit> hits = items.search(VectorQuery.of(axis(i, (i + 1) % 8, 0.1f), 1));
            assertEquals("item-" + i, hits.get(0).id(), "visible at once after upsert " + i);
            assertEquals(i + 1, items.size());
        }
    }

    @Test
    void getReturnsTheUnitVectorAndTheStoredFields() {
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsert(entry("a", new float[] {3, 4, 0, 0, 0, 0, 0, 0},
                Map.of("title", "Red mug", "categories", List.of("kitchen", "gifts"), "one", Set.of("only"))));
        VectorEntry a = items.get("a").orElseThrow();
        assertEquals(0.6f, a.vector()[0], 1e-6);
        assertEquals(0.8f, a.vector()[1], 1e-6);
        assertEquals("Red mug", a.fields().get("title"));
        assertEquals(List.of("kitchen", "gifts"), a.fields().get("categories"));
        assertEquals(List.of("only"), a.fields().get("one"), "a collection stays a list, even of one");
        assertTrue(items.get("b").isEmpty());
    }

    @Test
    void upsertReplacesByIdAndDeleteRemoves() {
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsert(entry("a", axis(0, 1, 0), Map.of("colour", "red")));
        items.upsert(entry("b", axis(1, 0, 0), Map.of()));
        items.upsert(entry("a", axis(2, 1, 0), Map.of("colour", "blue")));
        assertEquals(2, items.size());
        assertEquals("blue", items.get("a").orElseThrow().fields().get("colour"));
        assertEquals("a", items.search(VectorQuery.of(axis(2, 1, 0), 1)).get(0).id());
        assertTrue(items.search(new VectorQuery(axis(0, 1, 0), 5, Map.of("colour", Set.of("red")), null)).isEmpty(),
                "the replaced entry's terms are gone");

        assertTrue(items.delete("a"));
        assertFalse(items.delete("a"), "already deleted");
        assertFalse(items.delete("never"));
        assertEquals(1, items.size());
        assertTrue(items.get("a").isEmpty());
        assertEquals(List.of("b"), ids(items.search(VectorQuery.of(axis(2, 1, 0), 10))));
    }

    @Test
    void scoresAreCosineSimilarities() {
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsert(entry("same", axis(0, 1, 0), Map.of()));
        items.upsert(entry("orthogonal", axis(1, 2, 0), Map.of()));
        items.upsert(entry("opposite", new float[] {-2, 0, 0, 0, 0, 0, 0, 0}, Map.of()));
        items.upsert(entry("diagonal", axis(0, 1, 1), Map.of()));
        List<VectorHit> hits = items.search(VectorQuery.of(new float[] {5, 0, 0, 0, 0, 0, 0, 0}, 4));
        assertEquals(List.of("same", "diagonal", "orthogonal", "opposite"), ids(hits));
        assertEquals(1f, hits.get(0).score(), 1e-6);
        assertEquals((float) Math.sqrt(0.5), hits.get(1).score(), 1e-6);
        assertEquals(0f, hits.get(2).score(), 1e-6);
        assertEquals(-1f, hits.get(3).score(), 1e-6);
    }

    @Test
    void filtersMatchOneValueOfEveryFilteredFieldInsideTheSearch() {
        VectorCollection items = index.open("items", MODEL, 8);
        // The nearest entries to the query are all filtered out: a post-filter on a short list would
        // return nothing; the pre-filter finds the far ones.
        for (int i = 0; i < 200; i++) {
            items.upsert(entry("near-" + i, axis(0, 1 + i % 7, 0.01f * i), Map.of("categories", List.of("toys"), "country", "UK")));
        }
        items.upsert(entry("mug", axis(3, 0, 0.2f), Map.of("categories", List.of("kitchen", "gifts"), "country", "UK")));
        items.upsert(entry("lamp", axis(4, 0, 0.3f), Map.of("categories", List.of("home", "gifts"), "country", "FR")));
        items.upsert(entry("pan", axis(5, 0, 0.1f), Map.of("categories", "kitchen", "country", "FR")));
        float[] query = axis(0, 1, 0);

        assertEquals(List.of("lamp", "mug"), ids(search(items, query, Map.of("categories", Set.of("gifts")))));
        assertEquals(List.of("lamp", "mug", "pan"), ids(search(items, query, Map.of("categories", Set.of("gifts", "kitchen")))),
                "one of the listed values");
        assertEquals(List.of("lamp", "pan"), ids(search(items, query,
                Map.of("categories", Set.of("gifts", "kitchen"), "country", Set.of("FR")))), "every field");
        assertEquals(List.of(), ids(search(items, query, Map.of("categories", Set.of()))), "no accepted value");
        assertEquals(List.of(), ids(search(items, query, Map.of("colour", Set.of("red")))), "a field no entry has");
    }

    @Test
    void excludedIdsAreNeverReturnedAndDoNotCostHits() {
        VectorCollection items = index.open("items", MODEL, 8);
        for (int i = 0; i < 50; i++) {
            items.upsert(entry("i" + i, axis(0, 1, 0.02f * i), Map.of("kind", i % 2 == 0 ? "even" : "odd")));
        }
        List<VectorHit> hits = items.search(new VectorQuery(axis(0, 1, 0), 5, null, Set.of("i0", "i1", "i2")));
        assertEquals(List.of("i3", "i4", "i5", "i6", "i7"), ids(hits));
        hits = items.search(new VectorQuery(axis(0, 1, 0), 3, Map.of("kind", Set.of("even")), Set.of("i0", "i2")));
        assertEquals(List.of("i4", "i6", "i8"), ids(hits));
    }

    @Test
    void rejectsWhatItCannotIndex() {
        VectorCollection items = index.open("items", MODEL, 8);
        assertThrows(IllegalArgumentException.class, () -> items.upsert(entry("a", new float[7], Map.of())), "dimension");
        assertThrows(IllegalArgumentException.class, () -> items.upsert(entry("a", new float[8], Map.of())), "zero vector");
        float[] nan = axis(0, 1, 0);
        nan[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> items.upsert(entry("a", nan, Map.of())), "NaN");
        assertThrows(IllegalArgumentException.class, () -> items.upsert(entry("a", axis(0, 1, 0), Map.of("price", 3))),
                "a number is not a string");
        assertThrows(IllegalArgumentException.class, () -> items.search(VectorQuery.of(new float[9], 1)));
        assertThrows(IllegalArgumentException.class,
                () -> items.upsertAll(List.of(entry("ok", axis(0, 1, 0), Map.of()), entry("bad", new float[3], Map.of()))));
        assertEquals(0, items.size(), "a bulk load with a bad entry writes nothing");
        assertThrows(IllegalArgumentException.class, () -> index.open("../escape", MODEL, 8));
        assertThrows(IllegalArgumentException.class, () -> index.open("items", MODEL, 4096));
        assertThrows(IllegalArgumentException.class, () -> index.open("items", " ", 8));
    }

    @Test
    void aLongFieldValueIsKeptButNotFilterable() {
        VectorCollection items = index.open("faq", MODEL, 8);
        String answer = "x".repeat(40_000);
        items.upsert(entry("q1", axis(0, 1, 0), Map.of("answer", answer, "topic", "returns")));
        assertEquals(answer, items.get("q1").orElseThrow().fields().get("answer"));
        assertEquals(List.of("q1"), ids(search(items, axis(0, 1, 0), Map.of("topic", Set.of("returns")))));
    }

    @Test
    void openingForAnotherModelOrDimensionEmptiesTheCollection() {
        VectorCollection first = index.open("items", MODEL, 8);
        first.upsertAll(List.of(entry("a", axis(0, 1, 0), Map.of()), entry("b", axis(1, 0, 0), Map.of())));
        assertSame(first, index.open("items", MODEL, 8), "same model: the same open collection");

        VectorCollection second = index.open("items", "other-model", 8);
        assertEquals("other-model", second.modelId());
        assertEquals(0, second.size());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> first.search(VectorQuery.of(axis(0, 1, 0), 1)));
        assertTrue(closed.getMessage().contains("open it again"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> first.upsert(entry("c", axis(0, 1, 0), Map.of())));

        second.upsert(entry("z", axis(2, 1, 0), Map.of()));
        second.commit();
        VectorCollection third = index.open("items", "other-model", 4);
        assertEquals(0, third.size(), "another dimension empties it too");
        assertEquals(4, third.dimension());
    }

    @Test
    void theModelSwitchAlsoHoldsAcrossRestarts() {
        index.open("items", MODEL, 8).upsertAll(List.of(entry("a", axis(0, 1, 0), Map.of())));
        index.close();
        index = new LuceneVectorIndex(data, Tuning.defaults());
        assertEquals(0, index.open("items", "next-model", 8).size());
        index.close();
        index = new LuceneVectorIndex(data, Tuning.defaults());
        VectorCollection items = index.existing("items").orElseThrow();
        assertEquals("next-model", items.modelId(), "the switch was committed");
    }

    @Test
    void closingAndReopeningKeepsEverything() {
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsertAll(List.of(entry("a", axis(0, 1, 0), Map.of("tags", List.of("x", "y"))),
                entry("b", axis(1, 0, 0), Map.of("tags", "y"))));
        items.upsert(entry("c", axis(2, 0, 0), Map.of()));   // not committed: close commits it
        items.delete("b");
        index.close();

        index = new LuceneVectorIndex(data, Tuning.defaults());
        assertEquals(Set.of("items"), index.names());
        VectorCollection reopened = index.existing("items").orElseThrow();
        assertEquals(MODEL, reopened.modelId());
        assertEquals(8, reopened.dimension());
        assertEquals(2, reopened.size());
        assertTrue(reopened.get("b").isEmpty());
        assertEquals(List.of("x", "y"), reopened.get("a").orElseThrow().fields().get("tags"));
        assertEquals(List.of("a"), ids(search(reopened, axis(0, 1, 0), Map.of("tags", Set.of("y")))));
        assertEquals("c", reopened.search(VectorQuery.of(axis(2, 0, 0), 1)).get(0).id());
    }

    @Test
    void namesExistingAndDrop() throws IOException {
        assertEquals(Set.of(), index.names());
        assertTrue(index.existing("items").isEmpty());
        index.open("items", MODEL, 8).upsert(entry("a", axis(0, 1, 0), Map.of()));
        index.open("faq", MODEL, 8);
        Files.createDirectories(data.resolve("not-a-collection"));
        assertEquals(Set.of("faq", "items"), index.names());

        assertTrue(index.drop("items"));
        assertFalse(index.drop("items"));
        assertFalse(index.drop("../faq"));
        assertEquals(Set.of("faq"), index.names());
        assertFalse(Files.exists(data.resolve("items")));
        assertEquals(0, index.open("items", MODEL, 8).size(), "a dropped collection comes back empty");
    }

    @Test
    void periodicCommitsMakeWritesDurableWithoutAnExplicitCommit() throws Exception {
        index.close();
        Tuning everySecond = new Tuning(10, 100, 5000, 1, 16, 100, 16);
        index = new LuceneVectorIndex(data, everySecond);
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsert(entry("a", axis(0, 1, 0), Map.of()));
        assertEquals(0, committedDocuments(data.resolve("items")));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (committedDocuments(data.resolve("items")) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, committedDocuments(data.resolve("items")));
    }

    @Test
    void anUnreadableCollectionStartsEmptyInsteadOfFailing() throws IOException {
        index.open("items", MODEL, 8).upsertAll(List.of(entry("a", axis(0, 1, 0), Map.of())));
        index.close();
        try (Stream<Path> files = Files.list(data.resolve("items"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }
        index = new LuceneVectorIndex(data, Tuning.defaults());
        VectorCollection items = index.open("items", MODEL, 8);
        assertEquals(0, items.size());
        items.upsert(entry("b", axis(1, 0, 0), Map.of()));
        assertEquals(1, items.size());
    }

    @Test
    void reconfiguringChangesTheSearchFanOut() {
        assertEquals(100, index.tuning().candidates(10));
        index.modified(VectorConfigs.with(Map.of("fanOut", 20, "minCandidates", 50)));
        assertEquals(200, index.tuning().candidates(10));
        assertEquals(50, index.tuning().candidates(1));
        VectorCollection items = index.open("items", MODEL, 8);
        items.upsert(entry("a", axis(0, 1, 0), Map.of()));
        assertEquals(List.of("a"), ids(items.search(VectorQuery.of(axis(0, 1, 0), 3))));
    }

    static int committedDocuments(Path folder) throws IOException {
        try (FSDirectory directory = FSDirectory.open(folder); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.numDocs();
        }
    }

    static List<VectorHit> search(VectorCollection collection, float[] query, Map<String, Set<String>> filter) {
        return collection.search(new VectorQuery(query, 10, filter, null));
    }

    static List<String> ids(List<VectorHit> hits) {
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.id()));
        return ids;
    }
}
