package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.affinity.api.item.Item;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.junit.jupiter.api.Test;

/** Numbered features against the string sets they stand for, on real Online Retail titles. */
class ItemFeaturesTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(20_000);

    /** The first 400 real items, and copies of 40 of them filed under one of three categories. */
    private static List<Item> items() {
        List<Item> items = new ArrayList<>(SLICE.items.values()).subList(0, 400);
        List<Item> all = new ArrayList<>(items);
        for (int i = 0; i < 40; i++) {
            Item item = items.get(i * 7);
            all.add(new Item(item.id() + "-tagged", item.title(), "", List.of("Home", List.of("Candles", "Bags", "Home").get(i % 3)),
                    item.price(), "GBP", null, true, null));
        }
        return all;
    }

    @Test
    void numberedJaccardEqualsTheJaccardOfTheWordSets() {
        List<Item> items = items();
        ItemFeatures.Numbering numbering = new ItemFeatures(50_000, 1_000_000).numbering();
        int alike = 0;
        for (Item a : items) {
            for (Item b : items) {
                double expected = Diversifier.jaccard(Diversifier.features(a), Diversifier.features(b));
                assertEquals(expected, Diversifier.jaccard(numbering.of(a), numbering.of(b)), 0.0, a.title() + " / " + b.title());
                alike += expected > 0 && a != b ? 1 : 0;
            }
        }
        assertTrue(alike > 5_000, alike + " pairs share a feature");
        assertEquals(0.0, Diversifier.jaccard(numbering.of(null), numbering.of(items.get(0))));
    }

    @Test
    void anItemIsNumberedOnceAndAgainWhenItChanges() {
        ItemFeatures.Numbering numbering = new ItemFeatures(50_000, 1_000_000).numbering();
        Item item = items().get(3);
        int[] first = numbering.of(item);
        assertSame(first, numbering.of(item), "kept");
        Item renamed = new Item(item.id(), "Jumbo Bag Red Retrospot", "", List.of("Bags"), item.price(), "GBP", null, true, null);
        int[] second = numbering.of(renamed);
        assertEquals(5, second.length, "jumbo, bag, red, retrospot, category:Bags");
        assertEquals(Diversifier.jaccard(Diversifier.features(item), Diversifier.features(renamed)),
                Diversifier.jaccard(first, second), 0.0);
        assertSame(second, numbering.of(renamed));
    }

    @Test
    void aFullVocabularyStartsAFreshNumberingWithoutMixingTheOld() {
        ItemFeatures features = new ItemFeatures(50_000, 10);
        ItemFeatures.Numbering old = features.numbering();
        List<Item> items = items();
        int[] a = old.of(items.get(0));
        for (Item item : items.subList(1, 20)) {
            old.of(item);
        }
        ItemFeatures.Numbering fresh = features.numbering();
        assertNotSame(old, fresh, "more than 10 features numbered");
        assertArrayEquals(a, old.of(items.get(0)), "a request holding the old numbering keeps comparing within it");
        assertEquals(Diversifier.jaccard(Diversifier.features(items.get(0)), Diversifier.features(items.get(1))),
                Diversifier.jaccard(fresh.of(items.get(0)), fresh.of(items.get(1))), 0.0);
    }
}
