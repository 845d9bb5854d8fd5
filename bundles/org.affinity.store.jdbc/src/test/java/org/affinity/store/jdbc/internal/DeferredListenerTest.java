package org.affinity.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The store binds StoreListener services without fetching them: fetching while the store activates
 * is the DS cycle that once left the search index empty. Each is fetched on its own listener thread,
 * and a fetch that fails (the listener's component not ready) is tried again with the next change.
 */
class DeferredListenerTest {

    @TempDir
    Path folder;

    /** A listener service whose first fetch fails, as a component in the middle of activating does. */
    private static final class Objects implements ComponentServiceObjects<StoreListener> {
        final List<String> fetchedOn = new CopyOnWriteArrayList<>();
        final List<Event> heard = new CopyOnWriteArrayList<>();
        final AtomicInteger released = new AtomicInteger();
        final StoreListener listener = new StoreListener() {
            @Override
            public void eventsAppended(List<Event> events) {
                heard.addAll(events);
            }

            @Override
            public void memberErased(String memberId) {
            }
        };

        @Override
        public StoreListener getService() {
            fetchedOn.add(Thread.currentThread().getName());
            return fetchedOn.size() == 1 ? null : listener;
        }

        @Override
        public void ungetService(StoreListener service) {
            released.incrementAndGet();
        }

        @Override
        public ServiceReference<StoreListener> getServiceReference() {
            return null;
        }
    }

    @Test
    void listenersAreFetchedOnTheirOwnThreadAndAgainAfterAFailedFetch() throws Exception {
        try (HikariDataSource pool = Databases.fresh(Dialect.H2, folder)) {
            JdbcStore store = new JdbcStore(pool, Dialect.H2, 16, Duration.ofSeconds(10));
            Objects objects = new Objects();
            store.bindListener(objects);
            assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
            assertEquals(1, objects.fetchedOn.size(), "fetched once right after binding");
            assertTrue(objects.fetchedOn.get(0).startsWith("affinity-store-listener-"), objects.fetchedOn.toString());

            Event purchase = new Event("e1", EventType.PURCHASE, "m1", "i1", 1, new BigDecimal("2.50"), null,
                    Instant.parse("2011-01-04T10:00:00Z"), Map.of());
            store.append(List.of(purchase));
            assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
            assertEquals(List.of("e1"), objects.heard.stream().map(Event::id).toList(), "the change after a failed fetch arrives");
            assertEquals(2, objects.fetchedOn.size());
            assertTrue(objects.fetchedOn.stream().noneMatch(name -> name.equals(Thread.currentThread().getName())));

            store.unbindListener(objects);
            assertEquals(1, objects.released.get());
            store.close();
        }
    }
}
