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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
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
 * waits for listeners on their own threads, data and schema survive reopening. The Store contract
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
}
