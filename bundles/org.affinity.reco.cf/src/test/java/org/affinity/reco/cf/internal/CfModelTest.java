package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALS and item-item neighbours on the first 60,000 lines of Online Retail (December 2010 - January 2011). */
class CfModelTest {

    static final Filters ANY = new Filters(null, null, null, false, null, false);
    static OnlineRetailSlice slice;
    static CfModel model;
    /** The pair of items most often in the same order, and how many orders hold both. */
    static String first;
    static String second;

    @BeforeAll
    static void train() {
        slice = OnlineRetailSlice.read(60_000);
        Interactions.Builder builder = new Interactions.Builder();
        slice.events.forEach(builder::add);
        model = CfModel.train(1, builder.build(), slice.events.size(), settings().als(), 50, 10f, new RecordingJobContext());
        Map<String, Set<String>> orders = new HashMap<>();
        for (Event event : slice.events) {
            if (event.type() == EventType.PURCHASE) {
                orders.computeIfAbsent((String) event.attributes().get("order"), o -> new HashSet<>()).add(event.itemId());
            }
        }
        Map<String, Integer> pairs = new HashMap<>();
        for (Set<String> order : orders.values()) {
            for (String a : order) {
                for (String b : order) {
                    if (a.compareTo(b) < 0) {
                        pairs.merge(a + " " + b, 1, Integer::sum);
                    }
                }
            }
        }
        String best = pairs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        first = best.split(" ")[0];
        second = best.split(" ")[1];
    }

    static CfSettings settings() {
        return new CfSettings(new Als.Settings(32, 10, 0.1f, 10f, 3, 42), 50, 10f, 0.5f);
    }

    @Test
    void theItemMostOftenBoughtWithAnItemIsItsFirstNeighbour() {
        int a = model.itemIndex.get(first);
        assertEquals(second, model.items[model.neighbours.neighbours[a][0]],
                "neighbours of " + first + ": " + List.of(model.neighbours.neighbours[a]));
        List<Recommendation> similar = new CfRecommendations(model, 0.5f).similar(first, 5, ANY, Catalogue.ANY);
        assertEquals(second, similar.get(0).itemId());
        assertTrue(similar.get(0).explanation().startsWith("bought together with"));
    }

    @Test
    void aMemberWhoBoughtOneOfAPairGetsTheOtherHighAndNeverWhatTheyBought() {
        History history = History.of(List.of(purchase(first)));
        List<Recommendation> top = new CfRecommendations(model, 0.5f).forMember(history, 10, ANY, Catalogue.ANY);
        List<String> ids = top.stream().map(Recommendation::itemId).collect(Collectors.toList());
        assertTrue(ids.indexOf(second) >= 0 && ids.indexOf(second) < 3, second + " not in the top 3: " + ids);
        assertFalse(ids.contains(first));
        assertEquals("bought together with " + first, top.get(ids.indexOf(second)).explanation());
        // ALS alone, with no neighbour votes, learned the same pair.
        List<String> alsOnly = new CfRecommendations(model, 0f).forMember(history, 10, ANY, Catalogue.ANY).stream()
                .map(Recommendation::itemId).collect(Collectors.toList());
        assertTrue(alsOnly.contains(second), second + " not in ALS's top 10: " + alsOnly);
    }

    @Test
    void repurchaseAndExclusionsAreHonoured() {
        History history = History.of(List.of(purchase(first)));
        Filters repurchase = new Filters(null, null, null, false, Set.of(second), true);
        List<String> ids = new CfRecommendations(model, 0.5f).forMember(history, 20, repurchase, Catalogue.ANY).stream()
                .map(Recommendation::itemId).collect(Collectors.toList());
        assertFalse(ids.contains(second));
        assertTrue(ids.contains(first), "repurchase allowed: " + ids);
    }

    @Test
    void aModelRoundTripsThroughItsFileIdentically(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("reco-cf/model.bin");
        model.save(file);
        CfModel loaded = CfModel.load(file);
        assertEquals(model, loaded);
        assertArrayEquals(model.gram, loaded.gram);
        History history = History.of(slice.events.stream().filter(e -> e.memberId().equals("17850")).collect(Collectors.toList()));
        assertEquals(new CfRecommendations(model, 0.5f).forMember(history, 10, ANY, Catalogue.ANY),
                new CfRecommendations(loaded, 0.5f).forMember(history, 10, ANY, Catalogue.ANY));
    }

    @Test
    void aDamagedFileIsRefused(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("model.bin");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        assertThrows(IOException.class, () -> CfModel.load(file));
    }

    @Test
    void trainingIsDeterministic() {
        Interactions.Builder builder = new Interactions.Builder();
        slice.events.forEach(builder::add);
        CfModel again = CfModel.train(1, builder.build(), slice.events.size(), settings().als(), 50, 10f, new RecordingJobContext());
        assertArrayEquals(model.itemFactors, again.itemFactors);
    }

    @Test
    void returnsCancelPurchases() {
        Interactions.Builder builder = new Interactions.Builder();
        builder.add(purchase(first)).add(new Event("r", EventType.RETURN, "m", first, 1, null, null,
                java.time.Instant.EPOCH, null)).add(new Event("p2", EventType.PURCHASE, "m", second, 1, null, null,
                        java.time.Instant.EPOCH, null));
        Interactions data = builder.build();
        assertEquals(List.of(second), List.of(data.items));
    }

    static Event purchase(String item) {
        return new Event("p-" + item, EventType.PURCHASE, "m", item, 1, null, null, java.time.Instant.EPOCH, null);
    }
}
