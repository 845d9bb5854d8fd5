package org.affinity.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.affinity.api.item.Item;
import org.affinity.api.job.JobState;
import org.affinity.api.search.CatalogHit;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.search.SearchUnavailableException;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorCollection;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The item index on a real Lucene index, an in-memory store and a word-hashing stand-in model. */
class ItemIndexTest {

    @TempDir
    Path dir;

    private final MemoryStore store = new MemoryStore();
    private final ThreadJobs jobs = new ThreadJobs();
    private final List<AutoCloseable> open = new ArrayList<>();
    private LuceneVectorIndex vectors;
    private ItemIndex index;
    private StoreListener listening;
    private CatalogQueries queries;

    @BeforeEach
    void catalogue() {
        store.putItems(List.of(
                item("mug-red", "Red Spotty Mug", "<p>A <b>ceramic</b> mug for tea &amp; coffee</p>", "Kitchen/Mugs", "2.50", true),
                item("mug-blue", "Blue Polkadot Coffee Mug", "", "Kitchen/Mugs", "2.95", true),
                item("mug-cat", "Coffee Mug Cat Design", "", "Kitchen/Mugs", "3.10", false),
                item("cup-tea", "Tea Cup And Saucer", "", "Kitchen/Cups", "4.25", true),
                item("xmas-tree", "Christmas Tree Decoration", "hanging glass bauble", "Seasonal/Christmas", "1.65", true),
                item("xmas-star", "Christmas Star Decoration", "", "Seasonal/Christmas", "0.85", true),
                item("xmas-lights", "Christmas Lights", "twenty warm white bulbs", "Seasonal/Christmas", "6.75", true),
                item("bag-duffle", "Joust Duffle Bag", "<ul><li>Water resistant</li></ul>", "Gear/Bags", "34", true),
                item("bag-tote", "Compete Track Tote Bag", "", "Gear/Bags", "32", true),
                item("watch", "Clamber Watch", "", "Gear/Watches", null, true)));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        jobs.close();
    }

    @Test
    void onStartEveryItemIsEmbeddedAndSearchable() {
        WordModel model = start(new WordModel("words-a", 48));
        SearchStatus status = awaitReady();
        assertEquals(10, status.indexed());
        assertEquals(10, status.items());
        assertEquals("words-a", status.modelId());
        assertEquals(10, model.embedded.get());
        assertEquals(1, jobs.of("reindex").size(), "the catch-up is a job");

        List<CatalogHit> hits = queries.search("mug", 3, SearchFilter.ANY);
        assertEquals(Set.of("mug-red", "mug-blue", "mug-cat"), ids(hits));
        assertTrue(hits.get(0).score() >= hits.get(2).score());
        assertEquals("xmas-lights", queries.search("christmas lights", 1, null).get(0).itemId());
        assertTrue(ids(queries.search("ceramic tea", 2, null)).contains("mug-red"), "the description counts, without markup");
    }

    @Test
    void similarFindsItemsOfTheSameKindNeverTheItemItself() {
        start(new WordModel("words-a", 48));
        awaitReady();
        List<CatalogHit> hits = queries.similar("mug-blue", 2, SearchFilter.ANY);
        assertEquals(2, hits.size());
        assertFalse(ids(hits).contains("mug-blue"));
        assertTrue(hits.stream().allMatch(hit -> hit.itemId().startsWith("mug-")), hits.toString());
        assertThrows(NoSuchElementException.class, () -> queries.similar("no-such-item", 5, null));
        assertThrows(IllegalArgumentException.class, () -> queries.similar("mug-blue", 0, null));
        assertThrows(IllegalArgumentException.class, () -> queries.search("  ", 5, null));
        assertThrows(IllegalArgumentException.class, () -> queries.search("mug", 101, null));
    }

    @Test
    void filtersOnCategoryTreeAvailabilityAndPrice() {
        start(new WordModel("words-a", 48));
        awaitReady();
        SearchFilter gear = new SearchFilter(Set.of("Gear"), null, null, null);
        assertEquals(Set.of("bag-duffle", "bag-tote", "watch"), ids(queries.search("mug", 10, gear)), "a parent finds its children");
        assertEquals(Set.of("mug-red", "mug-blue"), ids(queries.search("mug", 10,
                new SearchFilter(Set.of("Kitchen/Mugs"), true, null, null))));
        assertEquals(Set.of("mug-cat"), ids(queries.search("mug", 10, new SearchFilter(null, false, null, null))));
        List<CatalogHit> cheap = queries.search("decoration", 10, new SearchFilter(null, null, new BigDecimal("1"), new BigDecimal("3")));
        assertEquals(Set.of("xmas-tree", "mug-red", "mug-blue"), ids(cheap), "price bounds, inclusive; no price never matches");
    }

    @Test
    void changesAreIndexedFromNotificationsAndOnlyChangedTextIsEmbeddedAgain() {
        WordModel model = start(new WordModel("words-a", 48));
        awaitReady();
        int before = model.embedded.get();

        store.putItems(List.of(item("lamp", "Paper Lantern Lamp", "", "Home/Lights", "9.99", true)));
        awaitReady();
        assertEquals("lamp", queries.search("lantern", 1, null).get(0).itemId());
        assertEquals(before + 1 + 1, model.embedded.get(), "the new item, and the query itself");

        // Price and availability only: the vector stays, the fields change.
        store.putItems(List.of(item("xmas-lights", "Christmas Lights", "twenty warm white bulbs", "Seasonal/Christmas", "5.00", false)));
        awaitReady();
        int afterRefile = model.embedded.get();
        assertEquals(Set.of(), ids(queries.search("christmas lights", 10, SearchFilter.availableOnly())).stream()
                .filter("xmas-lights"::equals).collect(java.util.stream.Collectors.toSet()), "no longer available");
        CatalogHit lights = queries.search("christmas lights", 1, null).get(0);
        assertEquals(0, new BigDecimal("5.00").compareTo(lights.price()), "hits show the item as stored now: " + lights.price());
        assertEquals(afterRefile + 2, model.embedded.get(), "only the two queries were embedded: the item kept its vector");

        // A new title is embedded again.
        store.putItems(List.of(item("bag-tote", "Canvas Shopping Basket", "", "Gear/Bags", "32", true)));
        awaitReady();
        assertEquals("bag-tote", queries.search("shopping basket", 1, null).get(0).itemId());
    }

    @Test
    void burstsOfChangesAreCoalescedAndABigBacklogRunsAsAJob() {
        WordModel model = start(new WordModel("words-a", 48), new Settings(16, 40, 100));
        awaitReady();
        int before = model.embedded.get();
        List<Item> many = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            many.add(item("bulk-" + i, "Paper Doily Number " + i, "", "Party/Paper", "1", true));
        }
        store.putItems(many);
        // the same items again, renamed, before the first changes were handled: only the latest state counts
        List<Item> renamed = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            renamed.add(item("bulk-" + i, "Lace Doily Number " + i, "", "Party/Paper", "1", true));
        }
        store.putItems(renamed);
        SearchStatus status = awaitReady();
        assertEquals(130, status.indexed());
        assertTrue(model.embedded.get() - before <= 240, "at most each state once: " + (model.embedded.get() - before));
        assertTrue(jobs.of("index").stream().anyMatch(job -> job.state == JobState.SUCCEEDED),
                "a backlog of 40 or more is embedded as a job with progress");
        assertEquals("bulk-7", queries.search("lace doily number 7", 1, null).get(0).itemId());
    }

    @Test
    void aRestartCatchesUpWithWhatChangedWhileItWasDown() throws Exception {
        start(new WordModel("words-a", 48));
        awaitReady();
        stop();

        // While down: a new item, a changed title, and an item that the store lost (a restore).
        store.putItems(List.of(item("new-one", "Enamel Bread Bin", "", "Kitchen/Storage", "12", true),
                item("watch", "Silver Pocket Watch", "", "Gear/Watches", null, true)));
        store.loseItem("bag-duffle");

        WordModel model = start(new WordModel("words-a", 48));
        SearchStatus status = awaitReady();
        assertEquals(10, status.items());
        assertEquals(10, status.indexed(), "the lost item's vector is gone too");
        assertEquals("new-one", queries.search("bread bin", 1, null).get(0).itemId());
        assertEquals("watch", queries.search("pocket watch", 1, null).get(0).itemId());
        assertFalse(ids(queries.search("duffle bag", 10, null)).contains("bag-duffle"));
        assertTrue(model.embedded.get() >= 2, "at least what changed was embedded");
    }

    @Test
    void aCatchUpWithNothingChangedEmbedsNothing() throws Exception {
        start(new WordModel("words-a", 48));
        awaitReady();
        stop();
        WordModel model = start(new WordModel("words-a", 48));
        awaitReady();
        assertEquals(0, model.embedded.get());
        // The index says READY from inside the catch-up job, a moment before the job hands back its report.
        await(() -> jobs.of("reindex").get(1).result != null);
        assertTrue(jobs.of("reindex").get(1).result.toString().contains("0 embedded, 0 with new fields, 10 unchanged"),
                jobs.of("reindex").get(1).result.toString());
    }

    @Test
    void aModelSwitchReembedsEverythingAndNeverMixesModels() {
        WordModel first = start(new WordModel("words-a", 48));
        awaitReady();
        first.close();
        index.modelGone(first);
        assertEquals(SearchStatus.State.NO_MODEL, index.status().state());
        assertThrows(SearchUnavailableException.class, () -> queries.search("mug", 3, null));

        store.putItems(List.of(item("while-none", "Wicker Picnic Basket", "", "Garden", "15", true)));   // waits for a model
        WordModel second = new WordModel("words-b", 32);
        index.model(second);
        SearchStatus status = awaitReady();
        assertEquals("words-b", status.modelId());
        assertEquals(11, status.indexed());
        VectorCollection items = vectors.existing("items").orElseThrow();
        assertEquals("words-b", items.modelId());
        assertEquals(32, items.dimension());
        assertEquals(11, second.embedded.get(), "every item embedded again with the new model (and only once)");
        assertEquals("while-none", queries.search("picnic basket", 1, null).get(0).itemId());
    }

    @Test
    void reindexEmbedsEveryItemAgainInPlace() throws Exception {
        WordModel model = start(new WordModel("words-a", 48));
        awaitReady();
        int before = model.embedded.get();
        assertEquals(JobState.SUCCEEDED, index.reindex().await(Duration.ofSeconds(20)).state());
        assertEquals(before + 10, model.embedded.get());
        assertEquals(10, index.status().indexed());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Stops the index as a bundle stop would: it hears no more store changes. */
    private void stop() throws Exception {
        store.unlisten(listening);
        index.close();
        vectors.close();
    }

    private WordModel start(WordModel model) {
        return start(model, new Settings(4, 1000, 100));
    }

    private WordModel start(WordModel model, Settings settings) {
        vectors = new LuceneVectorIndex(dir.resolve("vectors"), Tuning.defaults());
        index = new ItemIndex(store, vectors, jobs, settings);
        queries = new CatalogQueries(index);
        ItemIndex current = index;
        LuceneVectorIndex currentVectors = vectors;
        open.add(0, currentVectors::close);
        open.add(0, current);
        if (listening != null) {
            store.unlisten(listening); // the one store listener, as with the real service
        }
        listening = new StoreListener() {
            @Override
            public void itemsChanged(List<Item> items) {
                current.changed(items);
            }

            @Override
            public void memberErased(String memberId) {
            }
        };
        store.listen(listening);
        index.model(model);
        index.start();
        return model;
    }

    private SearchStatus awaitReady() {
        await(() -> index.status().state() == SearchStatus.State.READY);
        return index.status();
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Set<String> ids(List<CatalogHit> hits) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        hits.forEach(hit -> ids.add(hit.itemId()));
        return ids;
    }

    static Item item(String id, String title, String description, String category, String price, boolean available) {
        return new Item(id, title, description, List.of(category), price == null ? null : new BigDecimal(price),
                price == null ? null : "GBP", null, available, null);
    }
}
