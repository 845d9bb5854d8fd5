package org.affinity.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariDataSource;

/** The store's contract, on every supported database (see {@link Databases}). */
class JdbcStoreTest {

    private static final Instant T0 = Instant.parse("2011-01-04T10:00:00Z");

    @TempDir
    Path folder;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<JdbcStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(JdbcStore::close);
        pools.forEach(HikariDataSource::close);
    }

    static List<Dialect> databases() {
        return Databases.all();
    }

    private JdbcStore open(Dialect dialect) throws Exception {
        HikariDataSource pool = Databases.fresh(dialect, folder);
        pools.add(pool);
        JdbcStore store = new JdbcStore(pool, dialect, 16, Duration.ofSeconds(10));
        stores.add(store);
        return store;
    }

    private static Event event(String id, EventType type, String member, String item, int quantity, String price, int minutes) {
        return new Event(id, type, member, item, quantity, price == null ? null : new BigDecimal(price), null,
                T0.plusSeconds(60L * minutes), Map.of("channel", "web"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void appendIsIdempotentByEventIdWithinAndAcrossBatches(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        AppendResult first = store.append(List.of(
                event("e1", EventType.PURCHASE, "m1", "i1", 2, "2.55", 0),
                event("e2", EventType.VIEW, "m1", "i2", 0, null, 1),
                event("e1", EventType.PURCHASE, "m1", "i1", 2, "2.55", 0)));
        assertEquals(new AppendResult(2, 1), first);
        AppendResult again = store.append(List.of(
                event("e2", EventType.VIEW, "m1", "i2", 0, null, 1),
                event("e3", EventType.RETURN, "m1", "i1", 1, "2.55", 2)));
        assertEquals(new AppendResult(1, 1), again);
        assertEquals(List.of("e1", "e2", "e3"), store.events("m1").stream().map(Event::id).toList());
        Event purchase = store.events("m1").get(0);
        assertEquals(new BigDecimal("2.55"), purchase.price());
        assertEquals(T0, purchase.timestamp());
        assertEquals(Map.of("channel", "web"), purchase.attributes());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void eventsOfAMemberComeOldestFirstAndScansInTimeOrder(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        store.append(List.of(event("late", EventType.VIEW, "m1", "i1", 0, null, 30),
                event("other", EventType.VIEW, "m2", "i1", 0, null, 10),
                event("early", EventType.VIEW, "m1", "i1", 0, null, 5)));
        assertEquals(List.of("early", "late"), store.events("m1").stream().map(Event::id).toList());
        List<String> scanned = new ArrayList<>();
        store.scanEvents(e -> scanned.add(e.id()));
        assertEquals(List.of("early", "other", "late"), scanned);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void putReplacesAMemberWhileMergeKeepsConsent(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        Member put = store.putMember(Member.of("m1", Map.of("country", "France", "tier", "gold"), Consent.ALL));
        assertTrue(put.created() != null && put.updated() != null);
        store.mergeMembers(List.of(Member.of("m1", Map.of("country", "Germany"), Consent.NONE),
                Member.of("m2", Map.of("country", "Spain"), Consent.NONE)));
        Member m1 = store.member("m1").orElseThrow();
        assertEquals(Map.of("country", "Germany", "tier", "gold"), m1.attributes());
        assertEquals(Consent.ALL, m1.consent(), "an import must not take back consent");
        assertEquals(put.created(), m1.created());
        assertEquals(Consent.NONE, store.member("m2").orElseThrow().consent());
        store.putMember(Member.of("m1", Map.of("country", "Italy"), Consent.NONE));
        assertEquals(Map.of("country", "Italy"), store.member("m1").orElseThrow().attributes());
        assertEquals(Consent.NONE, store.member("m1").orElseThrow().consent());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void itemsAreUpsertedAndReadBackExactly(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        Item lantern = new Item("71053", "White Metal Lantern", "<p>metal</p>", List.of("Home/Lights"),
                new BigDecimal("3.39"), "GBP", Map.of("colour", "white"), true, null);
        store.putItems(List.of(lantern, new Item("22423", "Regency Cakestand", "", List.of(), null, null, null, false, null)));
        store.putItems(List.of(new Item("22423", "Regency Cakestand 3 Tier", "", List.of("Kitchen"),
                new BigDecimal("12.75"), "GBP", null, true, null)));
        Item read = store.item("71053").orElseThrow();
        assertEquals(lantern.title(), read.title());
        assertEquals(List.of("Home/Lights"), read.categories());
        assertEquals(new BigDecimal("3.39"), read.price());
        assertEquals(Map.of("colour", "white"), read.attributes());
        assertEquals("Regency Cakestand 3 Tier", store.item("22423").orElseThrow().title());
        assertEquals(Set.of("71053", "22423"), Set.copyOf(store.items(List.of("71053", "22423", "nope")).stream().map(Item::id).toList()));
        StoreCounts counts = store.counts();
        assertEquals(2, counts.items());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listenersHearCommittedChangesInCommitOrderAndNotDuplicates(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        List<String> heard = new CopyOnWriteArrayList<>();
        StoreListener listener = new StoreListener() {
            @Override
            public void eventsAppended(List<Event> events) {
                events.forEach(e -> heard.add("event " + e.id()));
            }

            @Override
            public void itemsChanged(List<Item> items) {
                items.forEach(i -> heard.add("item " + i.id()));
            }

            @Override
            public void memberErased(String memberId) {
                heard.add("erased " + memberId);
            }
        };
        store.addListener(listener);
        store.putItems(List.of(new Item("i1", "One", "", null, null, null, null, true, null)));
        store.append(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 0)));
        store.append(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 0), event("e2", EventType.CART, "m1", "i1", 1, "1", 1)));
        assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
        assertEquals(List.of("item i1", "event e1", "event e2"), heard);
        store.removeListener(listener);
        store.append(List.of(event("e3", EventType.VIEW, "m1", "i1", 0, null, 2)));
        assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
        assertEquals(3, heard.size(), "a removed listener hears nothing more");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void eraseRemovesEverythingAndReturnsOnlyAfterListenersDroppedTheirData(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        List<String> derived = Collections.synchronizedList(new ArrayList<>(List.of("m1", "m2")));
        CountDownLatch slow = new CountDownLatch(1);
        store.addListener(new StoreListener() {
            @Override
            public void memberErased(String memberId) {
                try {
                    slow.await(); // erase must wait for this
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                derived.remove(memberId);
            }

            @Override
            public Map<String, Object> exportMember(String memberId) {
                return derived.contains(memberId) ? Map.of("profile", "profile of " + memberId) : Map.of();
            }
        });
        store.putMember(Member.of("m1", Map.of("country", "France"), Consent.ALL));
        store.append(List.of(event("e1", EventType.PURCHASE, "m1", "i1", 1, "5", 0),
                event("e2", EventType.PURCHASE, "m2", "i1", 1, "5", 0)));
        MemberExport export = store.export("m1").orElseThrow();
        assertEquals("m1", export.member().id());
        assertEquals(1, export.events().size());
        assertEquals(Map.of("profile", "profile of m1"), export.derived());

        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<Boolean> erased = background.submit(() -> store.erase("m1"));
        Thread.sleep(200);
        assertFalse(erased.isDone(), "erase waits until every listener dropped the member");
        slow.countDown();
        assertTrue(erased.get());
        background.shutdown();

        assertTrue(store.member("m1").isEmpty());
        assertTrue(store.events("m1").isEmpty());
        assertFalse(derived.contains("m1"));
        assertTrue(store.export("m1").isEmpty(), "no trace remains");
        assertEquals(1, store.events("m2").size(), "other members are untouched");
        assertFalse(store.erase("nobody"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentWritersLoseNothingAndCountEveryDuplicate(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<AppendResult>> results = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            results.add(writers.submit(() -> {
                AppendResult total = new AppendResult(0, 0);
                for (int b = 0; b < 10; b++) {
                    List<Event> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        int n = b * 50 + i; // every writer writes the same 500 ids
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
        writers.shutdown();
        assertEquals(new AppendResult(500, 1500), sum);
        StoreCounts counts = store.counts();
        assertEquals(500, counts.events());
        assertEquals(Map.of("view", 500L), counts.eventsByType());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void dataSurvivesReopeningAndTheSchemaIsNotMigratedTwice(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect);
        store.append(List.of(event("e1", EventType.PURCHASE, "m1", "i1", 1, "5", 0)));
        store.close();
        pools.get(0).close();
        HikariDataSource again = Databases.reopen(dialect, folder);
        pools.add(again);
        JdbcStore reopened = new JdbcStore(again, dialect, 16, Duration.ofSeconds(10));
        stores.add(reopened);
        assertEquals(1, reopened.events("m1").size());
        try (var connection = again.getConnection()) {
            assertEquals(1, Migrations.currentVersion(connection));
        }
    }
}
