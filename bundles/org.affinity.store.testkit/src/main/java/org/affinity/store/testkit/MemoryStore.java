package org.affinity.store.testkit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.MemberExport;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;

/**
 * The Store contract in memory, for tests and benchmarks. It answers as the JDBC store does
 * ({@link StoreContract} runs the same checks against both): duplicates by event id are counted and
 * not announced, events create the members and item stubs they name on first sight (announced
 * before the events), events come in time order with ties in commit order, members and items are stamped
 * with millisecond times, prices are kept to four decimals without trailing zeros, attributes come
 * back as JSON types (the real store keeps them as JSON text), erasure tells every listener even
 * about a member it did not hold, and export gathers what listeners derived.
 *
 * <p>One difference on purpose: listeners hear each commit synchronously, on the writer's thread,
 * before the write returns (still in commit order, writes being serialised), so a test can assert
 * right after a write. A listener that throws does not fail the write or silence the others, as in
 * the real store; its failure is printed. Errors (a failed assertion) are not caught.
 */
public final class MemoryStore implements Store {

    private final ReentrantLock writer = new ReentrantLock();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private final Map<String, Member> members = new TreeMap<>();
    private final Map<String, Item> items = new TreeMap<>();
    private final Map<String, Stored> events = new HashMap<>();
    private final NavigableSet<Stored> timeline = new TreeSet<>(Stored.ORDER);
    private final Map<String, NavigableSet<Stored>> byMember = new HashMap<>();
    private long sequence;

    /** An event with its commit sequence, which breaks ties between equal timestamps. */
    private record Stored(Event event, long seq) {
        static final Comparator<Stored> ORDER = Comparator.comparing((Stored s) -> s.event.timestamp())
                .thenComparingLong(Stored::seq);
    }

    /** Registers a listener, as the service registry does for a StoreListener service. */
    public void listen(StoreListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    /** Unregisters a listener: it hears nothing more (a stopped component). */
    public void unlisten(StoreListener listener) {
        listeners.remove(listener);
    }

    /**
     * Drops an item without telling anyone, as restoring an older backup would (the Store API has
     * no item deletion): tests of components that must catch up with such a store.
     */
    public synchronized void loseItem(String id) {
        items.remove(id);
    }

    // --- members -----------------------------------------------------------------------------

    @Override
    public synchronized Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    @Override
    public Member putMember(Member member) {
        return write(() -> {
            Member existing = members.get(member.id());
            Instant now = now();
            Member stored = new Member(member.id(), JsonValues.of(member.attributes()), member.consent(),
                    existing == null ? now : existing.created(), now);
            members.put(stored.id(), stored);
            return stored;
        }, stored -> announce(listener -> listener.membersChanged(List.of(stored))));
    }

    @Override
    public void mergeMembers(List<Member> incoming) {
        write(() -> {
            Map<String, Member> staged = new LinkedHashMap<>(); // all or nothing, later entries see earlier ones
            List<Member> changed = new ArrayList<>();
            Instant now = now();
            for (Member member : incoming) {
                Member existing = staged.containsKey(member.id()) ? staged.get(member.id()) : members.get(member.id());
                Member result;
                if (existing == null) {
                    result = new Member(member.id(), JsonValues.of(member.attributes()), member.consent(), now, now);
                } else {
                    Map<String, Object> attributes = new HashMap<>(existing.attributes());
                    attributes.putAll(JsonValues.of(member.attributes()));
                    if (attributes.equals(existing.attributes())) {
                        continue;
                    }
                    result = new Member(member.id(), attributes, existing.consent(), existing.created(), now);
                }
                staged.put(result.id(), result);
                changed.add(result);
            }
            members.putAll(staged);
            return changed;
        }, changed -> {
            if (!changed.isEmpty()) {
                announce(listener -> listener.membersChanged(changed));
            }
        });
    }

    // --- items -------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Item> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public synchronized List<Item> items(Collection<String> ids) {
        List<Item> found = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Item item = items.get(id);
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    @Override
    public void putItems(List<Item> incoming) {
        if (incoming.isEmpty()) {
            return;
        }
        write(() -> {
            Instant now = now();
            List<Item> announced = new ArrayList<>(incoming.size());
            List<Item> kept = new ArrayList<>(incoming.size());
            for (Item item : incoming) {
                announced.add(new Item(item.id(), item.title(), item.description(), item.categories(), item.price(),
                        item.currency(), item.attributes(), item.available(), now));
                kept.add(new Item(item.id(), item.title(), item.description(), item.categories(), decimal(item.price()),
                        item.currency(), JsonValues.of(item.attributes()), item.available(), now));
            }
            kept.forEach(item -> items.put(item.id(), item));
            return announced;
        }, announced -> announce(listener -> listener.itemsChanged(announced)));
    }

    // --- events ------------------------------------------------------------------------------

    /** What an append committed: the members and item stubs it created, the events that were new. */
    private record Appended(List<Member> members, List<Item> stubs, List<Event> events) {
    }

    @Override
    public AppendResult append(List<Event> incoming, Consent newMembers) {
        if (incoming.isEmpty()) {
            return new AppendResult(0, 0);
        }
        Appended appended = write(() -> {
            Instant now = now();
            Map<String, Member> created = new LinkedHashMap<>(); // staged: all or nothing
            Map<String, Item> stubs = new LinkedHashMap<>();
            List<Event> inserted = new ArrayList<>();
            List<Event> kept = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Event event : incoming) {
                if (!members.containsKey(event.memberId()) && !created.containsKey(event.memberId())) {
                    created.put(event.memberId(), new Member(event.memberId(), Map.of(), newMembers, now, now));
                }
                if (event.itemId() != null && !items.containsKey(event.itemId()) && !stubs.containsKey(event.itemId())) {
                    Item stub = Item.stub(event.itemId());
                    stubs.put(stub.id(), new Item(stub.id(), stub.title(), stub.description(), stub.categories(),
                            stub.price(), stub.currency(), stub.attributes(), stub.available(), now));
                }
                if (!events.containsKey(event.id()) && ids.add(event.id())) {
                    inserted.add(event);
                    kept.add(new Event(event.id(), event.type(), event.memberId(), event.itemId(), event.quantity(),
                            decimal(event.price()), event.text(), Instant.ofEpochMilli(event.timestamp().toEpochMilli()),
                            JsonValues.of(event.attributes())));
                }
            }
            members.putAll(created);
            items.putAll(stubs);
            for (Event event : kept) {
                Stored stored = new Stored(event, ++sequence);
                events.put(event.id(), stored);
                timeline.add(stored);
                byMember.computeIfAbsent(event.memberId(), m -> new TreeSet<>(Stored.ORDER)).add(stored);
            }
            return new Appended(List.copyOf(created.values()), List.copyOf(stubs.values()), inserted);
        }, done -> {
            if (!done.members().isEmpty()) {
                announce(listener -> listener.membersChanged(done.members()));
            }
            if (!done.stubs().isEmpty()) {
                announce(listener -> listener.itemsChanged(done.stubs()));
            }
            if (!done.events().isEmpty()) {
                announce(listener -> listener.eventsAppended(done.events()));
            }
        });
        return new AppendResult(appended.events().size(), incoming.size() - appended.events().size());
    }

    @Override
    public synchronized List<Event> events(String memberId) {
        NavigableSet<Stored> theirs = byMember.get(memberId);
        return theirs == null ? List.of() : theirs.stream().map(Stored::event).toList();
    }

    @Override
    public void scanEvents(Consumer<Event> consumer) {
        List<Event> all;
        synchronized (this) {
            all = timeline.stream().map(Stored::event).toList();
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
        timeline.forEach(stored -> byType.merge(stored.event().type().wireName(), 1L, Long::sum));
        return new StoreCounts(members.size(), items.size(), timeline.size(), byType);
    }

    // --- privacy -----------------------------------------------------------------------------

    @Override
    public Optional<MemberExport> export(String memberId) {
        Member member;
        List<Event> theirs;
        synchronized (this) {
            member = members.get(memberId);
            theirs = events(memberId);
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        for (StoreListener listener : listeners) {
            try {
                derived.putAll(listener.exportMember(memberId));
            } catch (RuntimeException e) {
                derived.put(listener.getClass().getName(), "export failed: " + e.getMessage());
            }
        }
        if (member == null && theirs.isEmpty() && derived.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MemberExport(member, theirs, derived));
    }

    @Override
    public boolean erase(String memberId) {
        int removed = write(() -> {
            int rows = members.remove(memberId) == null ? 0 : 1;
            NavigableSet<Stored> theirs = byMember.remove(memberId);
            if (theirs != null) {
                for (Stored stored : theirs) {
                    events.remove(stored.event().id());
                    timeline.remove(stored);
                }
                rows += theirs.size();
            }
            return rows;
        }, rows -> announce(listener -> listener.memberErased(memberId))); // derived data may outlive the rows
        return removed > 0;
    }

    /** Listeners hear every commit before the write returns: this only waits for a write in progress. */
    @Override
    public boolean awaitListeners(Duration timeout) throws InterruptedException {
        if (!writer.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        writer.unlock();
        return true;
    }

    // --- plumbing ----------------------------------------------------------------------------

    /**
     * Applies a change (computed in full before anything is changed, so a bad record changes
     * nothing) and announces it, both under the writer lock so listeners hear commits in order.
     */
    private <T> T write(Supplier<T> change, Consumer<T> announcement) {
        writer.lock();
        try {
            T result;
            synchronized (this) {
                result = change.get();
            }
            announcement.accept(result);
            return result;
        } finally {
            writer.unlock();
        }
    }

    private void announce(Consumer<StoreListener> change) {
        for (StoreListener listener : listeners) {
            try {
                change.accept(listener);
            } catch (RuntimeException e) {
                System.err.println("MemoryStore: store listener " + listener.getClass().getName() + " failed on a change");
                e.printStackTrace();
            }
        }
    }

    /** Now, at the millisecond precision the real store keeps. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    /** As DECIMAL(19, 4) keeps and the real store reads back: four decimals, no trailing zeros. */
    private static BigDecimal decimal(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
