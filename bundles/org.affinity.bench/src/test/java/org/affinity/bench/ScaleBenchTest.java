package org.affinity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmark at a tiny size, so it cannot rot: every figure of its table is measured
 * (with the real store, model, Lucene, profiles and strategies), and the generated shop has the
 * demo's shape. No timing is asserted.
 */
class ScaleBenchTest {

    @BeforeAll
    static void root() {
        // Unit tests run in the bundle's folder; the built model bundles are two levels up.
        if (System.getProperty("affinity.root") == null) {
            System.setProperty("affinity.root", Path.of("../..").toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void everyFigureIsMeasuredAtATinySize(@TempDir Path folder) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        List<String> phases = new ArrayList<>();
        ScaleBench.measure(0.02, 7, 100, folder, figures::put, phases::add);

        for (ScaleBench.Row row : ScaleBench.rows()) {
            assertTrue(figures.containsKey(row.figure()), "no figure " + row.figure() + " in " + figures.keySet());
            assertTrue(Double.isFinite(figures.get(row.figure())), row.figure() + " = " + figures.get(row.figure()));
        }
        assertEquals(new ShopGenerator(0.02, 7).members(), figures.get("members"));
        assertTrue(figures.get("events") > 50 * figures.get("members"), "events: " + figures);
        for (String strategy : ScaleBench.STRATEGIES) {
            assertTrue(figures.get("serve." + strategy + ".missed") <= 0.1, strategy + " answered too few: " + figures);
        }
        assertTrue(figures.get("rss") > figures.get("heap.total"), "resident set below the heap: " + figures);
        assertEquals("done", phases.get(phases.size() - 1));
    }

    @Test
    void growthExponentsCompareCostWithEvents() {
        Map<String, Double> small = Map.of("events", 1_000.0, "cf.seconds", 2.0, "serve.cf.p99", 1.0);
        Map<String, Double> large = Map.of("events", 10_000.0, "cf.seconds", 200.0, "serve.cf.p99", 1.0);
        assertEquals("2.00", ScaleBench.exponent(small, large, "cf.seconds"));
        assertEquals("0.00", ScaleBench.exponent(small, large, "serve.cf.p99"));
        assertEquals("-", ScaleBench.exponent(small, large, "search.p99"));
        assertEquals(10.0, ScaleBench.factor("10x"));
        assertEquals(0.05, ScaleBench.factor("0.05"));
    }

    @Test
    void aSizeByMembersAndEventsMakesShorterBaskets() {
        ScaleBench.Size size = ScaleBench.Size.parse("1m/10m");
        assertEquals("1m/10m", size.label());
        assertEquals(1e6 / ShopGenerator.DEMO_MEMBERS, size.factor(), 1e-9);
        assertEquals(10, ShopGenerator.eventsPerMember(size.lines()), 0.01);
        assertEquals(new ScaleBench.Size("10x", 10, 1), ScaleBench.Size.parse("10x"));
        // Generated at a small size, the shape gives about ten events per member, as asked.
        ShopGenerator shop = new ShopGenerator(5_000.0 / ShopGenerator.DEMO_MEMBERS, size.lines(), 5);
        long[] events = {0};
        shop.events(batch -> events[0] += batch.size());
        double perMember = (double) events[0] / shop.members();
        assertTrue(perMember > 9 && perMember < 11, "events per member " + perMember);
        assertEquals(shop.expectedEvents(), events[0], 0.1 * events[0]);
        // The demo's shape: about 98 events per member (the file has 91; the generator's tail runs a little longer).
        assertEquals(98, ShopGenerator.eventsPerMember(1), 2);
        assertThrows(IllegalArgumentException.class, () -> ScaleBench.Size.parse("1m/10k"));
    }

    @Test
    void theGeneratedShopHasTheDemosShapeAndIsSeeded() {
        ShopGenerator shop = new ShopGenerator(0.5, 3);
        List<Event> events = new ArrayList<>();
        ShopGenerator.Produced produced = shop.events(events::addAll);
        assertEquals(produced.events(), events.size());
        assertEquals(2_186, shop.members());
        assertEquals(Math.round(ShopGenerator.DEMO_ITEMS * Math.sqrt(0.5)), shop.items());
        // About the demo's 91 events per member, 2.2% returns, a third of purchases repeating an item.
        double perMember = (double) events.size() / shop.members();
        assertTrue(perMember > 60 && perMember < 130, "events per member " + perMember);
        double returns = (double) produced.returns() / produced.events();
        assertTrue(returns > 0.015 && returns < 0.03, "return share " + returns);
        Map<String, Set<String>> bought = new HashMap<>();
        long repeats = 0;
        Map<String, Integer> perItem = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            assertTrue(i == 0 || !event.timestamp().isBefore(events.get(i - 1).timestamp()), "events out of time order at " + i);
            if (event.type() == EventType.PURCHASE) {
                repeats += bought.computeIfAbsent(event.memberId(), m -> new HashSet<>()).add(event.itemId()) ? 0 : 1;
                perItem.merge(event.itemId(), 1, Integer::sum);
            }
        }
        double repeatShare = (double) repeats / produced.purchases();
        assertTrue(repeatShare > 0.25 && repeatShare < 0.5, "repeat share " + repeatShare);
        // Power-law popularity: the top 100 items take a fifth or so of purchases (the demo's 20%).
        List<Integer> counts = new ArrayList<>(perItem.values());
        counts.sort(java.util.Comparator.reverseOrder());
        double top = counts.subList(0, 100).stream().mapToInt(Integer::intValue).sum() / (double) produced.purchases();
        assertTrue(top > 0.12 && top < 0.35, "top-100 share " + top);
        // Seeded: the same seed makes the same shop, another seed another.
        List<Event> again = new ArrayList<>();
        new ShopGenerator(0.5, 3).events(again::addAll);
        assertEquals(events, again);
        List<Event> other = new ArrayList<>();
        new ShopGenerator(0.5, 4).events(other::addAll);
        assertTrue(!events.equals(other));
        Set<String> countries = new HashSet<>();
        shop.members(batch -> batch.forEach(member -> countries.add(member.country())));
        assertTrue(countries.contains("United Kingdom") && countries.size() > 5, "countries " + countries);
    }
}
