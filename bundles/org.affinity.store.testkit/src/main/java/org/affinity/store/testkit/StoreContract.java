package org.affinity.store.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, as checks any implementation's test runs by extending this
 * class: the real store (org.affinity.store.jdbc, on H2 and PostgreSQL) and {@link MemoryStore}
 * both do, so the test double cannot drift from the store it stands in for.
 *
 * <p>Listeners may be told on other threads: the checks call {@link Store#awaitListeners} before
 * looking at what a listener heard, except after {@link Store#erase}, which returns only once every
 * listener dropped the member.
 */
public abstract class StoreContract {

    protected static final Instant T0 = Instant.parse("2011-01-04T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A new, empty store; the subclass closes it after the test. */
    protected abstract Store open() throws Exception;

    /** Registers a StoreListener as the service registry would. */
    protected abstract void listen(Store store, StoreListener listener);

    /** Unregisters it, as when the listening component stops. */
    protected abstract void unlisten(Store store, StoreListener listener);

    protected static Event event(String id, EventType type, String member, String item, int quantity, String price,
            int minutes) {
        return new Event(id, type, member, item, quantity, price == null ? null : new BigDecimal(price), null,
                T0.plusSeconds(60L * minutes), Map.of("channel", "web"));
    }

    protected static Item item(String id, String title, String price) {
        return new Item(id, title, "", List.of("Home"), price == null ? null : new BigDecimal(price), "GBP",
                Map.of("colour", "red"), true, null);
    }

    // --- events ------------------------------------------------------------------------------

    @Test
    void appendCountsDuplicatesWithinAndAcrossBatchesAndAnnouncesOnlyNewEvents() throws Exception {
        Store store = open();
        Heard heard = new Heard();
        listen(store, heard);
        assertEquals(new AppendResult(2, 1), store.append(List.of(
                event("e1", EventType.PURCHASE, "m1", "i1", 2, "2.55", 0),
                event("e2", EventType.VIEW, "m1", "i2", 0, null, 1),
                event("e1", EventType.PURCHASE, "m1", "i1", 2, "2.55", 0))));
        assertEquals(new AppendResult(1, 1), store.append(List.of(
                event("e2", EventType.VIEW, "m1", "i2", 0, null, 1),
                event("e3", EventType.RETURN, "m1", "i1", 1, "2.55", 2))));
        assertEquals(new AppendResult(0, 1), store.append(List.of(event("e3", EventType.RETURN, "m1", "i1", 1, "2.55", 2))));
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member m1", "item i1", "item i2", "event e1", "event e2", "event e3"), heard.all,
                "duplicates are not announced again; members and items seen first are announced before the events");
        assertEquals(List.of("e1", "e2", "e3"), store.events("m1").stream().map(Event::id).toList());
        Event purchase = store.events("m1").get(0);
        assertEquals(EventType.PURCHASE, purchase.type());
        assertEquals("i1", purchase.itemId());
        assertEquals(2, purchase.quantity());
        assertEquals(new BigDecimal("2.55"), purchase.price());
        assertEquals(T0, purchase.timestamp());
        assertEquals(Map.of("channel", "web"), purchase.attributes());
        assertEquals(3, store.counts().events());
    }

    @Test
    void eventsComeInTimeOrderWithTiesInCommitOrder() throws Exception {
        Store store = open();
        store.append(List.of(event("late", EventType.VIEW, "m1", "i1", 0, null, 30),
                event("other", EventType.VIEW, "m2", "i1", 0, null, 10),
                event("early", EventType.VIEW, "m1", "i1", 0, null, 5)));
        store.append(List.of(event("tie-b", EventType.CART, "m1", "i2", 1, null, 10),
                event("tie-a", EventType.CART, "m1", "i3", 1, null, 10)));
        assertEquals(List.of("early", "tie-b", "tie-a", "late"), store.events("m1").stream().map(Event::id).toList());
        List<String> scanned = new ArrayList<>();
        store.scanEvents(e -> scanned.add(e.id()));
        assertEquals(List.of("early", "other", "tie-b", "tie-a", "late"), scanned);
        assertEquals(List.of(), store.events("nobody"));
    }

    @Test
    void pricesAndTimesAreKeptAtTheStoresPrecision() throws Exception {
        Store store = open();
        Instant precise = T0.plusNanos(123_456_789);
        store.append(List.of(new Event("e1", EventType.PURCHASE, "m1", "i1", 1, new BigDecimal("2.50"), "a gift",
                precise, Map.of())));
        store.append(List.of(new Event("e2", EventType.PURCHASE, "m1", "i1", 1, new BigDecimal("1.23456"), null,
                precise.plusSeconds(1), Map.of())));
        List<Event> events = store.events("m1");
        assertEquals(new BigDecimal("2.5"), events.get(0).price(), "read back without trailing zeros");
        assertEquals(new BigDecimal("1.2346"), events.get(1).price(), "four decimals, rounded half up");
        assertEquals(T0.plusMillis(123), events.get(0).timestamp(), "milliseconds");
        assertEquals("a gift", events.get(0).text());
        store.putItems(List.of(item("i1", "Mug", "12.00")));
        assertEquals(new BigDecimal("12"), store.item("i1").orElseThrow().price());
    }

    @Test
    void attributesComeBackAsJsonValuesAndWhatJsonCannotHoldIsRefused() throws Exception {
        Store store = open();
        Map<String, Object> given = Map.of("points", 5L, "ratio", 0.5f, "big", 5_000_000_000L, "exact", new BigDecimal("2.50"),
                "sizes", List.of("S", "M"), "box", Map.of("height", (short) 10), "gift", true);
        Map<String, Object> json = Map.of("points", 5, "ratio", 0.5, "big", 5_000_000_000L, "exact", 2.5,
                "sizes", List.of("S", "M"), "box", Map.of("height", 10), "gift", true);
        store.putItems(List.of(new Item("i1", "Mug", "", List.of(), null, null, given, true, null)));
        assertEquals(json, store.item("i1").orElseThrow().attributes());
        store.putMember(Member.of("m1", given, Consent.NONE));
        assertEquals(json, store.member("m1").orElseThrow().attributes());
        store.append(List.of(new Event("e1", EventType.VIEW, "m1", "i1", 0, null, null, T0, given)));
        assertEquals(json, store.events("m1").get(0).attributes());

        Map<String, Object> instant = Map.of("since", T0);
        assertThrows(RuntimeException.class, () -> store.putItems(List.of(item("i2", "Lamp", "3"),
                new Item("i3", "Bag", "", List.of(), null, null, instant, true, null))), "JSON has no Instant");
        assertTrue(store.item("i2").isEmpty(), "the failed write changed nothing");
    }

    @Test
    void countsGroupEventsByWireName() throws Exception {
        Store store = open();
        store.putMember(Member.of("m1", Map.of(), Consent.NONE));
        store.putItems(List.of(item("i1", "Mug", "2"), item("i2", "Lamp", "3")));
        store.append(List.of(event("e1", EventType.PURCHASE, "m1", "i1", 1, "2", 0),
                event("e2", EventType.PURCHASE, "m1", "i2", 1, "3", 1),
                event("e3", EventType.VIEW, "m2", "i2", 0, null, 2)));
        StoreCounts counts = store.counts();
        assertEquals(2, counts.members(), "m2, first seen in an event, is stored and counted too");
        assertEquals(2, counts.items());
        assertEquals(3, counts.events());
        assertEquals(Map.of("purchase", 2L, "view", 1L), counts.eventsByType());
    }

    @Test
    void concurrentWritersLoseNothingAndCountEveryDuplicate() throws Exception {
        Store store = open();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<AppendResult>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                results.add(writers.submit(() -> {
                    AppendResult total = new AppendResult(0, 0);
                    for (int b = 0; b < 5; b++) {
                        List<Event> batch = new ArrayList<>();
                        for (int i = 0; i < 40; i++) {
                            int n = b * 40 + i; // every writer writes the same 200 ids
                            batch.add(event("e" + n, EventType.VIEW, "m" + (n % 7), "i" + (n % 11), 0, null, n));
                        }
                        total = total.plus(store.append(batch));
                    }
                    return total;
                }));
            }
            AppendResult sum = new AppendResult(0, 0);
            for (Future<AppendResult> result : results) {
                sum = sum.plus(result.get());
            }
            assertEquals(new AppendResult(200, 600), sum);
            assertEquals(200, store.counts().events());
        } finally {
            writers.shutdown();
        }
    }

    // --- members -----------------------------------------------------------------------------

    @Test
    void putReplacesAMemberAndKeepsWhenItWasCreated() throws Exception {
        Store store = open();
        Heard heard = new Heard();
        listen(store, heard);
        Member put = store.putMember(Member.of("m1", Map.of("country", "France", "tier", "gold"), Consent.ALL));
        assertNotNull(put.created());
        assertNotNull(put.updated());
        assertEquals(put, store.member("m1").orElseThrow(), "put returns the member as stored");
        Member again = store.putMember(Member.of("m1", Map.of("country", "Italy"), Consent.NONE));
        assertEquals(put.created(), again.created());
        assertFalse(again.updated().isBefore(put.updated()));
        Member read = store.member("m1").orElseThrow();
        assertEquals(Map.of("country", "Italy"), read.attributes(), "put replaces, it does not merge");
        assertEquals(Consent.NONE, read.consent());
        assertTrue(store.member("m2").isEmpty());
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member m1", "member m1"), heard.all);
    }

    @Test
    void mergeCreatesMembersAddsAttributesKeepsConsentAndAnnouncesOnlyChanges() throws Exception {
        Store store = open();
        Member put = store.putMember(Member.of("m1", Map.of("country", "France", "tier", "gold"), Consent.ALL));
        Heard heard = new Heard();
        listen(store, heard);
        store.mergeMembers(List.of(Member.of("m1", Map.of("country", "Germany"), Consent.NONE),
                Member.of("m2", Map.of("country", "Spain"), Consent.NONE)));
        Member m1 = store.member("m1").orElseThrow();
        assertEquals(Map.of("country", "Germany", "tier", "gold"), m1.attributes());
        assertEquals(Consent.ALL, m1.consent(), "an import must not take back consent");
        assertEquals(put.created(), m1.created());
        Member m2 = store.member("m2").orElseThrow();
        assertEquals(Consent.NONE, m2.consent());
        assertNotNull(m2.created());
        store.mergeMembers(List.of(Member.of("m2", Map.of("country", "Spain"), Consent.ALL)));
        assertEquals(Consent.NONE, store.member("m2").orElseThrow().consent());
        store.mergeMembers(List.of());
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member m1", "member m2"), heard.all, "an unchanged member is not announced");
    }

    @Test
    void scansGoThroughEveryMemberAndItemById() throws Exception {
        Store store = open();
        store.mergeMembers(List.of(Member.of("m3", null, null), Member.of("m1", null, null), Member.of("m2", null, null)));
        store.putItems(List.of(item("i2", "Lamp", "3"), item("i1", "Mug", "2")));
        store.putItems(List.of(item("i0", "Bag", "4")));
        List<String> members = new ArrayList<>();
        store.scanMembers(m -> members.add(m.id()));
        assertEquals(List.of("m1", "m2", "m3"), members);
        List<String> items = new ArrayList<>();
        store.scanItems(i -> items.add(i.id()));
        assertEquals(List.of("i0", "i1", "i2"), items);
    }

    // --- items -------------------------------------------------------------------------------

    @Test
    void itemsAreUpsertedStampedAndReadBackExactly() throws Exception {
        Store store = open();
        Heard heard = new Heard();
        listen(store, heard);
        Item lantern = new Item("71053", "White Metal Lantern", "<p>metal</p>", List.of("Home", "Home/Lights"),
                new BigDecimal("3.39"), "GBP", Map.of("colour", "white"), true, null);
        store.putItems(List.of(lantern, new Item("22423", "Regency Cakestand", "", List.of(), null, null, null, false, null)));
        store.putItems(List.of(new Item("22423", "Regency Cakestand 3 Tier", "", List.of("Kitchen"),
                new BigDecimal("12.75"), "GBP", null, true, null)));
        store.putItems(List.of());
        Item read = store.item("71053").orElseThrow();
        assertEquals(lantern.title(), read.title());
        assertEquals(lantern.description(), read.description());
        assertEquals(List.of("Home", "Home/Lights"), read.categories());
        assertEquals(new BigDecimal("3.39"), read.price());
        assertEquals("GBP", read.currency());
        assertEquals(Map.of("colour", "white"), read.attributes());
        assertTrue(read.available());
        assertNotNull(read.updated(), "the store stamps when it changed the item");
        Item cakestand = store.item("22423").orElseThrow();
        assertEquals("Regency Cakestand 3 Tier", cakestand.title());
        assertTrue(cakestand.available());
        assertTrue(store.item("nope").isEmpty());
        List<Item> some = store.items(List.of("71053", "22423", "nope", "71053"));
        assertEquals(2, some.size(), "each existing item once");
        assertEquals(Set.of("71053", "22423"), Set.copyOf(some.stream().map(Item::id).toList()));
        assertEquals(2, store.counts().items());
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("item 71053", "item 22423", "item 22423"), heard.all);
        assertTrue(heard.items.stream().allMatch(i -> i.updated() != null), "listeners hear items as stored");
    }

    // --- first sight -------------------------------------------------------------------------

    @Test
    void eventsCreateTheMembersAndItemStubsTheStoreHasNotSeenBeforeAnnouncingThemselves() throws Exception {
        Store store = open();
        Member known = store.putMember(Member.of("known", Map.of("country", "France"), Consent.ALL));
        store.putItems(List.of(item("real", "Lantern", "3.39")));
        Item real = store.item("real").orElseThrow();
        Heard heard = new Heard();
        listen(store, heard);
        Consent profiling = new Consent(false, false, false, true);
        assertEquals(new AppendResult(3, 0), store.append(List.of(
                event("e1", EventType.VIEW, "x1", "i1", 0, null, 0),
                event("e2", EventType.PURCHASE, "known", "real", 1, "3.39", 1),
                new Event("e3", EventType.SEARCH, "x1", null, 0, null, "lantern", T0.plusSeconds(120), Map.of())),
                profiling));

        Member x1 = store.member("x1").orElseThrow();
        assertEquals(Map.of(), x1.attributes());
        assertEquals(profiling, x1.consent(), "the consent the caller gives members made on first sight");
        assertNotNull(x1.created());
        Item stub = store.item("i1").orElseThrow();
        assertEquals("", stub.title());
        assertEquals(List.of(), stub.categories());
        assertEquals(null, stub.price());
        assertFalse(stub.available(), "nothing says a stub can be sold");
        assertNotNull(stub.updated());
        assertEquals(known, store.member("known").orElseThrow(), "a known member is left alone");
        assertEquals(real, store.item("real").orElseThrow(), "a real item is never replaced by a stub");
        StoreCounts counts = store.counts();
        assertEquals(2, counts.members());
        assertEquals(2, counts.items());
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member x1", "item i1", "event e1", "event e2", "event e3"), heard.all);

        store.append(List.of(event("e4", EventType.VIEW, "x1", "i1", 0, null, 3)), Consent.ALL);
        assertEquals(profiling, store.member("x1").orElseThrow().consent(), "consent is given once, on first sight");
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member x1", "item i1", "event e1", "event e2", "event e3", "event e4"), heard.all,
                "seen once, created once");
    }

    @Test
    void theCatalogueReplacesAStubAndALaterEventLeavesTheRealItemAlone() throws Exception {
        Store store = open();
        store.append(List.of(event("e1", EventType.VIEW, "x1", "i1", 0, null, 0)));
        assertEquals(Consent.NONE, store.member("x1").orElseThrow().consent(), "no consent unless the caller gives one");
        assertEquals("", store.item("i1").orElseThrow().title());
        store.putItems(List.of(item("i1", "Lantern", "3.39")));
        Item filled = store.item("i1").orElseThrow();
        assertEquals("Lantern", filled.title());
        assertEquals(List.of("Home"), filled.categories());
        assertEquals(new BigDecimal("3.39"), filled.price());
        assertTrue(filled.available());
        store.append(List.of(event("e2", EventType.PURCHASE, "x2", "i1", 1, "3.39", 1)));
        assertEquals(filled, store.item("i1").orElseThrow());
        assertEquals(1, store.counts().items());
        assertEquals(2, store.counts().members());
    }

    @Test
    void aBatchThatFailsCreatesNoMemberAndNoStub() throws Exception {
        Store store = open();
        Event good = event("e1", EventType.VIEW, "x1", "i1", 0, null, 0);
        Event bad = new Event("e2", EventType.VIEW, "x2", "i2", 0, null, null, T0, Map.of("since", T0)); // JSON has no Instant
        assertThrows(RuntimeException.class, () -> store.append(List.of(good, bad)));
        assertTrue(store.member("x1").isEmpty());
        assertTrue(store.item("i1").isEmpty());
        assertEquals(new StoreCounts(0, 0, 0, Map.of()), store.counts());
    }

    // --- listeners ---------------------------------------------------------------------------

    @Test
    void listenersHearCommitsInCommitOrderAndARemovedListenerHearsNothing() throws Exception {
        Store store = open();
        Heard first = new Heard();
        Heard second = new Heard();
        listen(store, first);
        listen(store, second);
        store.putItems(List.of(item("i1", "One", null)));
        store.append(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 5)));
        store.mergeMembers(List.of(Member.of("m1", Map.of("country", "France"), null)));
        store.append(List.of(event("e0", EventType.VIEW, "m1", "i1", 0, null, 0)));
        assertTrue(store.awaitListeners(WAIT));
        List<String> expected = List.of("item i1", "member m1", "event e1", "member m1", "event e0");
        assertEquals(expected, first.all, "commit order, not event time");
        assertEquals(expected, second.all);
        unlisten(store, first);
        store.append(List.of(event("e2", EventType.VIEW, "m1", "i1", 0, null, 2)));
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(expected, first.all, "a removed listener hears nothing more");
        assertEquals(6, second.all.size());
    }

    @Test
    void aFailingListenerNeitherFailsTheWriteNorSilencesTheOthers() throws Exception {
        Store store = open();
        listen(store, new StoreListener() {
            @Override
            public void eventsAppended(List<Event> events) {
                throw new IllegalStateException("a listener's bug (expected by the test)");
            }

            @Override
            public void memberErased(String memberId) {
            }
        });
        Heard heard = new Heard();
        listen(store, heard);
        assertEquals(new AppendResult(1, 0), store.append(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 0))));
        store.append(List.of(event("e2", EventType.VIEW, "m1", "i1", 0, null, 1)));
        assertTrue(store.awaitListeners(WAIT));
        assertEquals(List.of("member m1", "item i1", "event e1", "event e2"), heard.all);
        assertEquals(2, store.events("m1").size());
    }

    // --- privacy -----------------------------------------------------------------------------

    @Test
    void eraseRemovesTheMemberAndTheirEventsAndTellsEveryListenerBeforeReturning() throws Exception {
        Store store = open();
        Heard heard = new Heard();
        listen(store, heard);
        store.putMember(Member.of("m1", Map.of("country", "France"), Consent.ALL));
        store.append(List.of(event("e1", EventType.PURCHASE, "m1", "i1", 1, "5", 0),
                event("e2", EventType.PURCHASE, "m2", "i1", 1, "5", 1),
                event("e3", EventType.VIEW, "m1", "i2", 0, null, 2)));
        assertTrue(store.erase("m1"));
        assertTrue(heard.all.contains("erased m1"), "told before erase returned: " + heard.all);
        assertTrue(store.member("m1").isEmpty());
        assertEquals(List.of(), store.events("m1"));
        List<String> scanned = new ArrayList<>();
        store.scanEvents(e -> scanned.add(e.id()));
        assertEquals(List.of("e2"), scanned, "other members are untouched");
        StoreCounts counts = store.counts();
        assertEquals(1, counts.members(), "m2, created by their first event");
        assertEquals(Map.of("purchase", 1L), counts.eventsByType());
        assertTrue(store.export("m1").isEmpty(), "no trace remains");

        assertTrue(store.erase("m2"), "a member created by their events");
        assertEquals(0, store.counts().members());
        assertFalse(store.erase("nobody"), "nothing held");
        assertTrue(heard.all.contains("erased nobody"), "listeners drop what they derived even so");
        assertFalse(store.erase("m1"), "erasing twice");
    }

    @Test
    void exportHoldsTheMemberTheirEventsAndWhatListenersDerived() throws Exception {
        Store store = open();
        Set<String> profiled = new HashSet<>(Set.of("m1", "ghost"));
        listen(store, new StoreListener() {
            @Override
            public void memberErased(String memberId) {
                profiled.remove(memberId);
            }

            @Override
            public Map<String, Object> exportMember(String memberId) {
                return profiled.contains(memberId) ? Map.of("profile", "profile of " + memberId) : Map.of();
            }
        });
        store.putMember(Member.of("m1", Map.of("country", "France"), Consent.ALL));
        store.append(List.of(event("e1", EventType.PURCHASE, "m1", "i1", 1, "5", 0),
                event("e2", EventType.VIEW, "m2", "i1", 0, null, 1)));
        MemberExport export = store.export("m1").orElseThrow();
        assertEquals("m1", export.member().id());
        assertEquals(List.of("e1"), export.events().stream().map(Event::id).toList());
        assertEquals(Map.of("profile", "profile of m1"), export.derived());

        MemberExport firstSight = store.export("m2").orElseThrow();
        assertEquals("m2", firstSight.member().id(), "created by their first event");
        assertEquals(Consent.NONE, firstSight.member().consent());
        assertEquals(1, firstSight.events().size());
        assertEquals(Map.of("profile", "profile of ghost"), store.export("ghost").orElseThrow().derived(),
                "what a listener still holds is shown even when the store holds nothing");
        assertTrue(store.export("nobody").isEmpty());

        store.erase("ghost");
        assertTrue(store.export("ghost").isEmpty());
    }

    @Test
    void aListenerThatCannotExportIsNamedInTheExport() throws Exception {
        Store store = open();
        StoreListener broken = new BrokenExport();
        listen(store, broken);
        store.putMember(Member.of("m1", Map.of(), Consent.ALL));
        MemberExport export = store.export("m1").orElseThrow();
        assertEquals(Map.of(BrokenExport.class.getName(), "export failed: disk gone"), export.derived());
    }

    private static final class BrokenExport implements StoreListener {
        @Override
        public void memberErased(String memberId) {
        }

        @Override
        public Map<String, Object> exportMember(String memberId) {
            throw new IllegalStateException("disk gone");
        }
    }

    /** Writes down what it hears, in order. */
    private static final class Heard implements StoreListener {

        final List<String> all = new CopyOnWriteArrayList<>();
        final List<Item> items = new CopyOnWriteArrayList<>();

        @Override
        public void eventsAppended(List<Event> events) {
            events.forEach(e -> all.add("event " + e.id()));
        }

        @Override
        public void itemsChanged(List<Item> changed) {
            changed.forEach(i -> all.add("item " + i.id()));
            items.addAll(changed);
        }

        @Override
        public void membersChanged(List<Member> members) {
            members.forEach(m -> all.add("member " + m.id()));
        }

        @Override
        public void memberErased(String memberId) {
            all.add("erased " + memberId);
        }
    }
}
