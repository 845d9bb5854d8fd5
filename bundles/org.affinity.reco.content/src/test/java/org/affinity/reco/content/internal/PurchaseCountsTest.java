package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Purchase counts for the popularity prior on the first weeks of the real Online Retail data. */
class PurchaseCountsTest {

    static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(40_000);

    @Test
    void withoutAHalfLifeEveryPurchaseCountsOneAndAReturnTakesOneAway() {
        PurchaseCounts counts = new PurchaseCounts();
        counts.add(SLICE.events);
        Map<String, Integer> expected = new HashMap<>();
        for (Event event : SLICE.events) {
            expected.merge(event.itemId(), event.type() == EventType.PURCHASE ? 1 : -1, Integer::sum);
        }
        assertTrue(expected.values().stream().anyMatch(n -> n > 50), "the slice has best sellers");
        expected.forEach((item, n) -> assertEquals(Math.max(0, n), counts.count(item), 1e-9, item));
        assertEquals(0, counts.count("no such item"));
    }

    @Test
    void withAHalfLifeAPurchaseCountsHalfPerHalfLifeBeforeTheLatestInAnyOrder() {
        Duration week = Duration.ofDays(7);
        Instant latest = SLICE.events.stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
        Instant first = SLICE.events.stream().map(Event::timestamp).min(Instant::compareTo).orElseThrow();
        assertTrue(Duration.between(first, latest).toDays() >= 14, "the slice spans weeks: " + first + " to " + latest);
        Map<String, Double> expected = new HashMap<>();
        for (Event event : SLICE.events) {
            double age = Duration.between(event.timestamp(), latest).toSeconds() / (double) week.toSeconds();
            expected.merge(event.itemId(), (event.type() == EventType.PURCHASE ? 1 : -1) * Math.pow(0.5, age), Double::sum);
        }
        List<Event> shuffled = new ArrayList<>(SLICE.events);
        Collections.shuffle(shuffled, new Random(7));
        for (List<Event> order : List.of(SLICE.events, shuffled)) {
            PurchaseCounts counts = new PurchaseCounts(week);
            counts.add(order);
            assertEquals(latest, counts.latest());
            expected.forEach((item, n) -> assertEquals(Math.max(0, n), counts.count(item), 1e-6, item));
        }
    }

    @Test
    void savedCountsReadBackTheSameForTheSameHalfLifeOnly(@TempDir Path folder) throws Exception {
        PurchaseCounts counted = new PurchaseCounts(Duration.ofDays(7));
        counted.add(SLICE.events);
        Path file = folder.resolve("content").resolve("purchases.bin");
        counted.save(file);
        PurchaseCounts read = PurchaseCounts.read(file, Duration.ofDays(7)).orElseThrow();
        assertEquals(counted.latest(), read.latest());
        int items = 0;
        for (Event event : SLICE.events) {
            if (event.itemId() != null) {
                assertEquals(counted.count(event.itemId()), read.count(event.itemId()), 1e-12, event.itemId());
                assertEquals(counted.prior(0.8).applyAsDouble(event.itemId()), read.prior(0.8).applyAsDouble(event.itemId()), 1e-12);
                items++;
            }
        }
        assertTrue(items > 1000, "compared " + items + " events' items");
        assertTrue(PurchaseCounts.read(file, Duration.ofDays(3)).isEmpty(), "another half-life counts differently");
        assertTrue(PurchaseCounts.read(folder.resolve("missing.bin"), Duration.ofDays(7)).isEmpty());
    }

    @Test
    void trendingRanksWhatSellsNowAboveWhatSoldMoreBefore() {
        Instant latest = SLICE.events.stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
        Instant lastWeek = latest.minus(Duration.ofDays(7));
        Map<String, Integer> before = new HashMap<>();
        Map<String, Integer> recently = new HashMap<>();
        for (Event event : SLICE.events) {
            if (event.type() == EventType.PURCHASE) {
                (event.timestamp().isBefore(lastWeek) ? before : recently).merge(event.itemId(), 1, Integer::sum);
            }
        }
        // an item bought more in all but sold less in the last week than another
        String old = null;
        String rising = null;
        for (String a : before.keySet()) {
            for (String b : recently.keySet()) {
                int totalA = before.get(a) + recently.getOrDefault(a, 0);
                int totalB = before.getOrDefault(b, 0) + recently.get(b);
                if (totalA > 2 * totalB && recently.get(b) > 3 * recently.getOrDefault(a, 0) + 5) {
                    old = a;
                    rising = b;
                }
            }
        }
        assertTrue(old != null, "the slice has a fading and a rising item");
        PurchaseCounts all = new PurchaseCounts();
        PurchaseCounts trending = new PurchaseCounts(Duration.ofDays(3));
        all.add(SLICE.events);
        trending.add(SLICE.events);
        assertTrue(all.count(old) > all.count(rising), old + " sold more in all");
        assertTrue(trending.count(rising) > trending.count(old), rising + " is trending");
    }

    @Test
    void thePriorIsOnePlusTheCountToTheExponentForEveryItemWhicheverExponentWasAskedBefore() {
        PurchaseCounts counts = new PurchaseCounts(Duration.ofDays(7));
        counts.add(SLICE.events);
        assertEquals(null, counts.prior(0), "exponent 0: no prior at all");
        for (double exponent : new double[] {0.8, 0.5, 0.8}) {
            java.util.function.ToDoubleFunction<String> prior = counts.prior(exponent);
            for (Event event : SLICE.events) {
                double expected = Math.pow(1 + counts.count(event.itemId()), exponent);
                assertEquals(expected, prior.applyAsDouble(event.itemId()), 1e-12, event.itemId());
                assertEquals(expected, prior.applyAsDouble(event.itemId()), 1e-12, "asked again: " + event.itemId());
            }
            assertEquals(1, prior.applyAsDouble("no such item"));
        }
    }
}
