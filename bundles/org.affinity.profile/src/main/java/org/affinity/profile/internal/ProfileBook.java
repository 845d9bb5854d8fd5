package org.affinity.profile.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.event.Event;

/**
 * The profiles of every member: applies events in O(1) each, resolves vector contributions that
 * waited for an item or text vector, and keeps the population statistics. One writer at a time
 * applies events (the store's listener thread, or a rebuild); readers take a member's monitor
 * only for the moment they copy it.
 */
final class ProfileBook {

    /** Told about every change, on the writer's thread, while the member's monitor is held. */
    interface Watcher {
        void changed(MemberState state, ProfileBook book);

        void removed(String memberId);
    }

    /** "AFP2": compact states (order hashes, item weights only, float sums); an "AFP1" file is rebuilt. */
    private static final int MAGIC = 0x41465032;

    final Catalogue catalogue;
    final Directory directory;
    final ItemVectorCache itemVectors;
    final Weights weights;
    final ZoneId zone;
    final boolean respectConsent;
    private final Map<String, MemberState> states = new ConcurrentHashMap<>();
    /** Events of members not profiled (no consent), so that the event count still matches the store's. */
    private final Map<String, Long> unprofiled = new ConcurrentHashMap<>();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicLong applied = new AtomicLong();
    private volatile Population population;
    private volatile Watcher watcher = null;

    ProfileBook(Catalogue catalogue, Directory directory, ItemVectorCache itemVectors, Weights weights, ZoneId zone,
            boolean respectConsent) {
        this.catalogue = catalogue;
        this.directory = directory;
        this.itemVectors = itemVectors;
        this.weights = weights;
        this.zone = zone;
        this.respectConsent = respectConsent;
        this.population = Population.empty(zone);
    }

    void watch(Watcher newWatcher) {
        watcher = newWatcher;
    }

    /** Applies one event; returns the member's state, or null when the member is not profiled. */
    MemberState apply(Event event) {
        applied.incrementAndGet();
        Directory.Facts member = directory.get(event.memberId());
        if (respectConsent && (member == null || !member.profiling())) {
            unprofiled.merge(event.memberId(), 1L, Long::sum);
            return null;
        }
        // The directory's id instance: the event's copy would be kept once per member otherwise.
        MemberState state = states.computeIfAbsent(member != null ? member.id() : event.memberId(), MemberState::new);
        synchronized (state) {
            if (state.apply(event, catalogue.get(event.itemId()), weights, zone, itemVectors)) {
                dirty.add(state.id);
            }
            resolveCached(state);
            if (state.hasPending()) {
                waiting.add(state.id);
            }
            Watcher current = watcher;
            if (current != null) {
                current.changed(state, this);
            }
        }
        return state;
    }

    /** Adds what the cache already has; the event path never waits for the index or the model. */
    private void resolveCached(MemberState state) {
        String model = itemVectors.model();
        if (model == null || !state.hasPending() || (state.model != null && !state.model.equals(model))) {
            return;
        }
        Iterator<MemberState.Pending> pending = state.pending.iterator();
        while (pending.hasNext()) {
            MemberState.Pending contribution = pending.next();
            if (!contribution.text()) {
                float[] vector = itemVectors.get(contribution.key(), model);
                if (vector != null && state.addVector(contribution, vector, model, weights)) {
                    pending.remove();
                    dirty.add(state.id);
                }
            }
        }
        state.settled();
    }

    /**
     * Resolves contributions that waited for vectors, for up to {@code maxMembers} members, in one
     * round trip to the source. Items the source cannot vectorise (unknown, no title) are dropped:
     * a rebuild drops them the same way. Returns the number of members resolved.
     */
    int resolvePending(VectorSource source, int maxMembers) {
        String model = source.modelId();
        if (model == null || waiting.isEmpty()) {
            return 0;
        }
        List<MemberState> batch = new ArrayList<>();
        Set<String> itemIds = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Iterator<String> it = waiting.iterator(); it.hasNext() && batch.size() < maxMembers;) {
            MemberState state = states.get(it.next());
            it.remove();
            if (state == null) {
                continue;
            }
            synchronized (state) {
                for (MemberState.Pending p : state.hasPending() ? state.pending : List.<MemberState.Pending>of()) {
                    if (p.text()) {
                        texts.add(p.key());
                    } else if (itemVectors.get(p.key(), model) == null) {
                        itemIds.add(p.key());
                    }
                }
            }
            batch.add(state);
        }
        if (!itemIds.isEmpty()) {
            itemVectors.putAll(model, source.items(itemIds, catalogue));
        }
        Map<String, float[]> textVectors = new HashMap<>();
        if (!texts.isEmpty()) {
            List<String> ordered = new ArrayList<>(texts);
            List<float[]> vectors = source.texts(ordered);
            for (int i = 0; i < ordered.size(); i++) {
                textVectors.put(ordered.get(i), vectors.get(i));
            }
        }
        for (MemberState state : batch) {
            synchronized (state) {
                if (states.get(state.id) != state) {
                    continue; // erased meanwhile
                }
                Iterator<MemberState.Pending> pending = state.hasPending() ? state.pending.iterator()
                        : Collections.emptyIterator();
                while (pending.hasNext()) {
                    MemberState.Pending p = pending.next();
                    float[] vector = p.text() ? textVectors.get(p.key()) : itemVectors.get(p.key(), model);
                    if (vector == null && !p.text() && !itemIds.contains(p.key())) {
                        continue; // arrived after this round asked: next round
                    }
                    if (vector == null || state.addVector(p, vector, model, weights)) {
                        pending.remove();
                    }
                }
                state.settled();
                if (state.hasPending()) {
                    waiting.add(state.id);
                }
                dirty.add(state.id);
                Watcher current = watcher;
                if (current != null) {
                    current.changed(state, this);
                }
            }
        }
        return batch.size();
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Members whose vector changed since the last call. */
    List<String> takeDirty() {
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = dirty.iterator(); it.hasNext();) {
            ids.add(it.next());
            it.remove();
        }
        return ids;
    }

    /** Drops a member's profile (erasure, or consent withdrawn); returns whether there was one. */
    boolean remove(String memberId, boolean eventsGone) {
        MemberState state = states.remove(memberId);
        Long others = unprofiled.remove(memberId);
        if (eventsGone) {
            applied.addAndGet(-(others == null ? 0 : others));
        } else if (others != null) {
            unprofiled.put(memberId, others);
        }
        waiting.remove(memberId);
        dirty.remove(memberId);
        if (state != null) {
            synchronized (state) {
                if (eventsGone) {
                    applied.addAndGet(-state.events);
                } else {
                    unprofiled.merge(memberId, state.events, Long::sum);
                }
            }
        }
        Watcher current = watcher;
        if (current != null) {
            current.removed(memberId);
        }
        return state != null;
    }

    /** The member's events are about to be applied again (consent given): they no longer count as unprofiled. */
    void forgetUnprofiled(String memberId, long events) {
        Long counted = unprofiled.remove(memberId);
        applied.addAndGet(-(counted == null ? 0 : counted));
    }

    /** Gives back every profile's spare capacity: after a rebuild most members stop growing for a while. */
    void trim() {
        for (MemberState state : states.values()) {
            synchronized (state) {
                state.trim();
            }
        }
    }

    MemberState state(String memberId) {
        return states.get(memberId);
    }

    Collection<MemberState> states() {
        return states.values();
    }

    int size() {
        return states.size();
    }

    long applied() {
        return applied.get();
    }

    Population population() {
        return population;
    }

    /** Recomputes the population statistics; returns the new ones. */
    Population refresh(LocalDate reference) {
        population = Population.of(states.values(), reference, zone);
        return population;
    }

    // --- persistence ---------------------------------------------------------------------------

    /** Writes every profile to {@code file} atomically (a temporary file, then a rename). */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeLong(applied.get());
            out.writeInt(unprofiled.size());
            for (Map.Entry<String, Long> e : unprofiled.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(states.size());
            for (MemberState state : states.values()) {
                synchronized (state) {
                    state.write(out);
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads profiles saved by {@link #save}; returns the number of events they were built from. */
    long load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a profile snapshot of this version");
            }
            applied.set(in.readLong());
            int others = in.readInt();
            for (int i = 0; i < others; i++) {
                unprofiled.put(in.readUTF(), in.readLong());
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                MemberState state = MemberState.read(in, catalogue, directory);
                states.put(state.id, state);
                if (state.hasPending()) {
                    waiting.add(state.id);
                }
            }
        }
        return applied.get();
    }
}
