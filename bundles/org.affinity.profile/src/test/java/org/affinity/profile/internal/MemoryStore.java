package org.affinity.profile.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

/**
 * The Store contract in memory, for tests: listeners hear each commit synchronously, in commit
 * order, on the writer's thread; scans return events in timestamp order (ties by insertion), as
 * the JDBC store does.
 */
final class MemoryStore implements Store {

    private final Map<String, Member> members = new TreeMap<>();
    private final Map<String, Item> items = new TreeMap<>();
    private final Map<String, Event> events = new LinkedHashMap<>();
    final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    @Override
    public Member putMember(Member member) {
        Member stored;
        synchronized (this) {
            stored = new Member(member.id(), member.attributes(), member.consent(), Instant.now(), Instant.now());
            members.put(member.id(), stored);
        }
        listeners.forEach(l -> l.membersChanged(List.of(stored)));
        return stored;
    }

    @Override
    public void mergeMembers(List<Member> incoming) {
        List<Member> changed = new ArrayList<>();
        synchronized (this) {
            for (Member member : incoming) {
                Member old = members.get(member.id());
                Member stored;
                if (old == null) {
                    stored = new Member(member.id(), member.attributes(), member.consent(), Instant.now(), Instant.now());
                } else {
                    Map<String, Object> attributes = new HashMap<>(old.attributes());
                    attributes.putAll(member.attributes());
                    stored = new Member(member.id(), attributes, old.consent(), old.created(), Instant.now());
                }
                members.put(member.id(), stored);
                changed.add(stored);
            }
        }
        listeners.forEach(l -> l.membersChanged(changed));
    }

    @Override
    public synchronized Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public synchronized List<Item> items(Collection<String> ids) {
        return ids.stream().map(items::get).filter(i -> i != null).toList();
    }

    @Override
    public void putItems(List<Item> list) {
        synchronized (this) {
            list.forEach(item -> items.put(item.id(), item));
        }
        listeners.forEach(l -> l.itemsChanged(list));
    }

    @Override
    public AppendResult append(List<Event> list) {
        List<Event> appended = new ArrayList<>();
        synchronized (this) {
            for (Event event : list) {
                if (events.putIfAbsent(event.id(), event) == null) {
                    appended.add(event);
                }
            }
        }
        if (!appended.isEmpty()) {
            listeners.forEach(l -> l.eventsAppended(appended));
        }
        return new AppendResult(appended.size(), list.size() - appended.size());
    }

    /** Stores events without telling listeners (a change they missed, e.g. while stopped). */
    synchronized void appendUnheard(List<Event> list) {
        list.forEach(e -> events.putIfAbsent(e.id(), e));
    }

    @Override
    public synchronized List<Event> events(String memberId) {
        return sorted().stream().filter(e -> e.memberId().equals(memberId)).toList();
    }

    private List<Event> sorted() {
        List<Event> all = new ArrayList<>(events.values());
        all.sort(Comparator.comparing(Event::timestamp)); // stable: ties keep insertion order
        return all;
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
        List<Event> all;
        synchronized (this) {
            all = sorted();
        }
        all.forEach(consumer);
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
    public void scanMembers(Consumer<Member> consumer) {
        List<Member> all;
        synchronized (this) {
            all = new ArrayList<>(members.values());
        }
        all.forEach(consumer);
    }

    @Override
    public synchronized StoreCounts counts() {
        Map<String, Long> byType = new TreeMap<>();
        events.values().forEach(e -> byType.merge(e.type().wireName(), 1L, Long::sum));
        return new StoreCounts(members.size(), items.size(), events.size(), byType);
    }

    @Override
    public Optional<MemberExport> export(String memberId) {
        Member member = member(memberId).orElse(null);
        List<Event> theirs = events(memberId);
        if (member == null && theirs.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        listeners.forEach(l -> derived.putAll(l.exportMember(memberId)));
        return Optional.of(new MemberExport(member, theirs, derived));
    }

    @Override
    public boolean erase(String memberId) {
        boolean held;
        synchronized (this) {
            held = members.remove(memberId) != null;
            held |= events.values().removeIf(e -> e.memberId().equals(memberId));
        }
        if (held) {
            listeners.forEach(l -> l.memberErased(memberId));
        }
        return held;
    }

    @Override
    public boolean awaitListeners(Duration timeout) {
        return true;
    }
}
