package org.affinity.reco.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;

/** A Store in memory that tells its listeners synchronously, on the caller's thread. */
public final class MemoryStore implements Store {

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    public void listen(StoreListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    @Override
    public Member putMember(Member member) {
        synchronized (this) {
            members.put(member.id(), member);
        }
        listeners.forEach(l -> l.membersChanged(List.of(member)));
        return member;
    }

    @Override
    public void mergeMembers(List<Member> merged) {
        synchronized (this) {
            merged.forEach(m -> members.put(m.id(), m));
        }
        listeners.forEach(l -> l.membersChanged(merged));
    }

    @Override
    public synchronized Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public synchronized List<Item> items(Collection<String> ids) {
        List<Item> found = new ArrayList<>();
        for (String id : ids) {
            Item item = items.get(id);
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    @Override
    public void putItems(List<Item> put) {
        synchronized (this) {
            put.forEach(i -> items.put(i.id(), i));
        }
        listeners.forEach(l -> l.itemsChanged(put));
    }

    @Override
    public AppendResult append(List<Event> appended) {
        synchronized (this) {
            events.addAll(appended);
            events.sort(Comparator.comparing(Event::timestamp));
        }
        listeners.forEach(l -> l.eventsAppended(appended));
        return new AppendResult(appended.size(), 0);
    }

    @Override
    public synchronized List<Event> events(String memberId) {
        return events.stream().filter(e -> e.memberId().equals(memberId)).toList();
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
        List<Event> copy;
        synchronized (this) {
            copy = new ArrayList<>(events);
        }
        copy.forEach(consumer);
    }

    @Override
    public void scanItems(Consumer<Item> consumer) {
        List<Item> copy;
        synchronized (this) {
            copy = new ArrayList<>(items.values());
        }
        copy.forEach(consumer);
    }

    @Override
    public void scanMembers(Consumer<Member> consumer) {
        List<Member> copy;
        synchronized (this) {
            copy = new ArrayList<>(members.values());
        }
        copy.forEach(consumer);
    }

    @Override
    public synchronized StoreCounts counts() {
        Map<String, Long> byType = new HashMap<>();
        events.forEach(e -> byType.merge(e.type().wireName(), 1L, Long::sum));
        return new StoreCounts(members.size(), items.size(), events.size(), byType);
    }

    @Override
    public synchronized Optional<MemberExport> export(String memberId) {
        Member member = members.get(memberId);
        return member == null ? Optional.empty() : Optional.of(new MemberExport(member, events(memberId), null));
    }

    @Override
    public boolean erase(String memberId) {
        boolean held;
        synchronized (this) {
            held = members.remove(memberId) != null | events.removeIf(e -> e.memberId().equals(memberId));
        }
        listeners.forEach(l -> l.memberErased(memberId));
        return held;
    }

    @Override
    public boolean awaitListeners(Duration timeout) {
        return true;
    }
}
