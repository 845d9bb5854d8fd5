package org.affinity.store.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.Test;

/** The in-memory store passes the Store contract, plus what only the double offers. */
class MemoryStoreTest extends StoreContract {

    @Override
    protected Store open() {
        return new MemoryStore();
    }

    @Override
    protected void listen(Store store, StoreListener listener) {
        ((MemoryStore) store).listen(listener);
    }

    @Override
    protected void unlisten(Store store, StoreListener listener) {
        ((MemoryStore) store).unlisten(listener);
    }

    @Test
    void listenersHaveHeardACommitWhenTheWriteReturns() {
        MemoryStore store = new MemoryStore();
        List<String> heard = new ArrayList<>();
        store.listen(new StoreListener() {
            @Override
            public void eventsAppended(List<Event> events) {
                events.forEach(e -> heard.add(e.id()));
            }

            @Override
            public void memberErased(String memberId) {
            }
        });
        store.append(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 0)));
        assertEquals(List.of("e1"), heard, "no awaitListeners needed");
    }

    @Test
    void aLostItemIsGoneWithoutAnyoneBeingTold() {
        MemoryStore store = new MemoryStore();
        store.putItems(List.of(item("i1", "Mug", "2"), item("i2", "Lamp", "3")));
        List<String> heard = new ArrayList<>();
        store.listen(new StoreListener() {
            @Override
            public void itemsChanged(List<Item> items) {
                items.forEach(i -> heard.add(i.id()));
            }

            @Override
            public void memberErased(String memberId) {
                heard.add(memberId);
            }
        });
        store.loseItem("i1");
        assertTrue(store.item("i1").isEmpty());
        assertEquals(1, store.counts().items());
        assertEquals(List.of(), heard);
    }

    @Test
    void aBatchWithABadRecordChangesNothing() {
        MemoryStore store = new MemoryStore();
        List<Item> bad = new ArrayList<>();
        bad.add(item("i1", "Mug", "2"));
        bad.add(null);
        assertThrows(NullPointerException.class, () -> store.putItems(bad));
        assertEquals(0, store.counts().items(), "one transaction: all or nothing");
        List<Event> events = new ArrayList<>(List.of(event("e1", EventType.VIEW, "m1", "i1", 0, null, 0)));
        events.add(null);
        assertThrows(NullPointerException.class, () -> store.append(events));
        assertEquals(0, store.counts().events());
        assertEquals(Map.of(), store.counts().eventsByType());
    }
}
