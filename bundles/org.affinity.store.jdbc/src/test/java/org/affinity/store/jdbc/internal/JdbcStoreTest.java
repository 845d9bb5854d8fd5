package org.affinity.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * What only the JDBC store must show, on every supported database (see {@link Databases}): erasure
 * waits for listeners on their own threads, data and schema survive reopening, and the item and
 * history caches never return a row older than a write that finished before the read began. The Store contract
 * itself runs as H2StoreContractTest and PostgresStoreContractTest.
 */
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
        return open(dialect, JdbcStore.DEFAULT_CACHED_ITEMS, JdbcStore.DEFAULT_CACHED_HISTORY_EVENTS);
    }

    private JdbcStore open(Dialect dialect, int cachedItems, int cachedHistoryEvents) throws Exception {
        HikariDataSource pool = Databases.fresh(dialect, folder);
        pools.add(pool);
        JdbcStore store = new JdbcStore(pool, dialect, 16, Duration.ofSeconds(10), cachedItems, cachedHistoryEvents);
        stores.add(store);
        return store;
    }

    private static Event event(String id, EventType type, String member, String item, int quantity, String price, int minutes) {
        return new Event(id, type, member, item, quantity, price == null ? null : new BigDecimal(price), null,
                T0.plusSeconds(60L * minutes), Map.of("channel", "web"));
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

    // --- the item and history caches ------------------------------------------------------

    private static Item item(String id, String title) {
        return new Item(id, title, "", List.of("Home"), new BigDecimal("2.5"), "GBP", Map.of(), true, null);
    }

    private static Event purchase(String id, String member, String item, int minutes) {
        return new Event(id, EventType.PURCHASE, member, item, 1, null, null, T0.plusSeconds(60L * minutes), Map.of());
    }

    /** Changes rows behind the store's back: only a cached read still shows the old ones. */
    private void sql(String statement) throws Exception {
        try (Connection connection = pools.get(pools.size() - 1).getConnection(); Statement s = connection.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void repeatedReadsComeFromMemoryAndWritesThroughTheStoreReplaceThem(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect, 100, 100);
        store.putItems(List.of(item("i1", "Red mug"), item("i2", "Blue mug")));
        store.append(List.of(purchase("e1", "m1", "i1", 0)));
        assertEquals("Red mug", store.item("i1").orElseThrow().title());
        assertEquals(1, store.events("m1").size());

        sql("UPDATE items SET title = 'changed behind' WHERE id = 'i1'");
        sql("DELETE FROM events WHERE member_id = 'm1'");
        assertEquals("Red mug", store.item("i1").orElseThrow().title(), "read from memory");
        assertEquals(1, store.events("m1").size(), "read from memory");
        assertEquals("Blue mug", store.items(List.of("i1", "i2")).stream().filter(i -> i.id().equals("i2")).findFirst()
                .orElseThrow().title(), "a row not read before comes from the database");

        store.putItems(List.of(item("i1", "Green mug")));
        store.append(List.of(purchase("e2", "m1", "i2", 1)));
        assertEquals("Green mug", store.item("i1").orElseThrow().title());
        assertEquals(List.of("e2"), store.events("m1").stream().map(Event::id).toList(), "the history is read again after an append");

        store.erase("m1");
        assertEquals(List.of(), store.events("m1"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void withoutCachesEveryReadGoesToTheDatabase(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect, 0, 0);
        store.putItems(List.of(item("i1", "Red mug")));
        store.append(List.of(purchase("e1", "m1", "i1", 0)));
        assertEquals("Red mug", store.item("i1").orElseThrow().title());
        store.events("m1");
        sql("UPDATE items SET title = 'changed behind' WHERE id = 'i1'");
        sql("DELETE FROM events WHERE member_id = 'm1'");
        assertEquals("changed behind", store.item("i1").orElseThrow().title());
        assertEquals(List.of(), store.events("m1"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aListenerThatReadsBackSeesTheCommittedHistory(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect, 100, 100);
        store.append(List.of(purchase("e1", "m1", "i1", 0)));
        assertEquals(1, store.events("m1").size());
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        store.addListener(new StoreListener() {
            @Override
            public void eventsAppended(List<Event> events) {
                seen.complete(store.events("m1").size());
            }

            @Override
            public void memberErased(String memberId) {
            }
        });
        store.append(List.of(purchase("e2", "m1", "i1", 1)));
        assertEquals(2, seen.get(10, TimeUnit.SECONDS));
    }

    /** The smallest item cache makes readers evict each other's rows too. */
    @ParameterizedTest
    @MethodSource("databases")
    void racingReadersNeverSeeARowOlderThanTheLastFinishedWrite(Dialect dialect) throws Exception {
        JdbcStore store = open(dialect, 2, 3);
        store.putItems(List.of(item("i1", "0"), item("i2", "0"), item("i3", "0")));
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger appended = new AtomicInteger();
        AtomicReference<String> stale = new AtomicReference<>();
        ExecutorService readers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        int writes = 150;
        for (int r = 0; r < 3; r++) {
            String id = "i" + (r + 1);
            running.add(readers.submit(() -> {
                while (finished.get() < writes && stale.get() == null) {
                    int before = finished.get();
                    int title = Integer.parseInt(store.item(id).orElseThrow().title());
                    int historyBefore = appended.get();
                    int history = store.events("m1").size();
                    if (title < before) {
                        stale.set("item " + id + " read " + title + " after write " + before + " finished");
                    }
                    if (history < historyBefore) {
                        stale.set("history of " + history + " events after " + historyBefore + " were appended");
                    }
                }
            }));
        }
        for (int i = 1; i <= writes; i++) {
            String title = Integer.toString(i);
            store.putItems(List.of(item("i1", title), item("i2", title), item("i3", title)));
            store.append(List.of(purchase("e" + i, "m1", "i1", i)));
            appended.set(i);
            finished.set(i);
        }
        for (Future<?> reader : running) {
            reader.get(60, TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertEquals(null, stale.get());
        assertEquals(Integer.toString(writes), store.item("i3").orElseThrow().title());
        assertEquals(writes, store.events("m1").size());
        assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
    }
}
