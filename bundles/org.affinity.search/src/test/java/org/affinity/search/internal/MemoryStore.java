package org.affinity.search.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;

/** The item part of a store, in memory; tells {@code listener} about committed items like the real store. */
final class MemoryStore implements Store {

    private final Map<String, Item> items = new LinkedHashMap<>();
    volatile Consumer<List<Item>> listener = changed -> { };

    @Override
    public synchronized Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public synchronized List<Item> items(Collection<String> ids) {
        List<Item> found = new ArrayList<>();
        ids.forEach(id -> {
            if (items.containsKey(id)) {
                found.add(items.get(id));
            }
        });
        return found;
    }

    @Override
    public void putItems(List<Item> changed) {
        List<Item> stored = quietly(changed);
        listener.accept(stored);
    }

    /** Stores without telling anyone (changes made while the search bundle was down). */
    synchronized List<Item> quietly(List<Item> changed) {
        List<Item> stored = new ArrayList<>();
        for (Item item : changed) {
            Item copy = new Item(item.id(), item.title(), item.description(), item.categories(), item.price(), item.currency(),
                    item.attributes(), item.available(), Instant.now());
            items.put(item.id(), copy);
            stored.add(copy);
        }
        return stored;
    }

    /** Removes an item (a restored database), telling no one: the store API has no item deletion. */
    synchronized void lose(String id) {
        items.remove(id);
    }

    @Override
    public void scanItems(Consumer<Item> consumer) {
        List<Item> all;
        synchronized (this) {
            all = new ArrayList<>(items.values());
        }
        all.forEach(consumer);
    }

    @Override
    public synchronized StoreCounts counts() {
        return new StoreCounts(0, items.size(), 0, Map.of());
    }

    @Override
    public Optional<Member> member(String id) {
        return Optional.empty();
    }

    @Override
    public Member putMember(Member member) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void mergeMembers(List<Member> members) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AppendResult append(List<Event> events) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Event> events(String memberId) {
        return List.of();
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
    }

    @Override
    public void scanMembers(Consumer<Member> consumer) {
    }

    @Override
    public Optional<MemberExport> export(String memberId) {
        return Optional.empty();
    }

    @Override
    public boolean erase(String memberId) {
        return false;
    }

    @Override
    public boolean awaitListeners(Duration timeout) {
        return true;
    }
}
