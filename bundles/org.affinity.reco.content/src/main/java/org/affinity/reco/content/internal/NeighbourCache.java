package org.affinity.reco.content.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;

/**
 * Each taste item's nearest items, remembered. A member's taste is up to 40 catalogue items and each
 * asked the index for its 100 nearest: 40 graph searches per request, ~50 ms on 2 cores. Item vectors
 * change only when an item's text or the model changes, so the neighbours of an item are worth
 * keeping: a request then filters cached lists instead of searching.
 * <p>
 * A list is kept twice as long as asked, so the member's exclusions (bought, taste, filter ids)
 * usually leave enough; when they do not, a list twice as long is searched and kept instead (a big
 * buyer's next request, and the next big buyer's, then filter it too). A list older than
 * {@code maxAgeMillis} is searched again by {@link #refresh} in the background (a changed item text
 * reaches recommendations then), never by a request: when every list of the catalogue came of age at
 * once, requests searching them again stalled for seconds. All lists are dropped when the collection
 * changes size or model. They are saved when the strategy stops and read when it starts, so a
 * restarted or updated bundle serves from where it stopped. Lists hold item numbers ({@link ItemNumbers}, one numbering
 * per generation), so a request checks exclusions and sums scores by array index.
 */
final class NeighbourCache {

    private record Key(String itemId, int k) {
    }

    /**
     * @param numbers the numbering the list was made in: a list made in the last generation is not used in this one
     * @param asked how many the search was asked for: fewer found means the collection had no more
     */
    private record Neighbours(ItemNumbers numbers, int[] items, float[] scores, int asked, long madeAt) {
        boolean whole() {
            return items.length < asked;
        }
    }

    private record Vector(float[] values, long readAt) {
    }

    private final int capacity;
    private final long maxAgeMillis;
    private final RecentlyUsed<Key, Neighbours> lists;
    /** Each request reads its taste items' vectors (a term look-up each in the index): kept as long as the lists. */
    private final RecentlyUsed<String, Vector> vectors;
    private volatile String generation = "";
    private volatile ItemNumbers numbers = new ItemNumbers();

    NeighbourCache(int capacity, long maxAgeMillis) {
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
        this.lists = new RecentlyUsed<>(capacity);
        this.vectors = new RecentlyUsed<>(capacity);
    }

    /**
     * The vectors with cached neighbour look-ups, numbered.
     *
     * @param generation what identifies the collection's content now (model, size); a change drops every list
     */
    NumberedVectors over(ItemVectors vectors, String generation) {
        switchTo(generation);
        ItemNumbers numbered = numbers;
        return new NumberedVectors() {
            @Override
            public Optional<float[]> vector(String itemId) {
                return capacity > 0 ? NeighbourCache.this.vector(vectors, itemId) : vectors.vector(itemId);
            }

            @Override
            public List<VectorHit> search(VectorQuery query) {
                return vectors.search(query);
            }

            @Override
            public ItemNumbers numbers() {
                return numbered;
            }

            @Override
            public List<VectorHit> near(String itemId, float[] vector, int k, Set<String> exclude) {
                List<VectorHit> hits = new ArrayList<>(k);
                near(itemId, vector, k, number -> exclude.contains(numbered.id(number)),
                        (number, score) -> hits.add(new VectorHit(numbered.id(number), score, null)));
                return hits;
            }

            @Override
            public void near(String itemId, float[] vector, int k, IntPredicate excluded, NumberedNeighbour sink) {
                // A list is twice as long as asked; when the member's exclusions eat more than half of
                // it (a big buyer of similar things), a list twice as long again is searched and kept.
                for (int length = 2 * k;; length *= 2) {
                    Neighbours list = neighbours(vectors, numbered, itemId, vector, k, length);
                    int[] items = list.items();
                    int admitted = 0;
                    int end = 0;
                    for (; end < items.length && admitted < k; end++) {
                        if (!excluded.test(items[end])) {
                            admitted++;
                        }
                    }
                    if (admitted < k && !list.whole()) {
                        length = Math.max(length, list.asked());
                        continue;
                    }
                    float[] scores = list.scores();
                    for (int i = 0; i < end; i++) {
                        if (!excluded.test(items[i])) {
                            sink.accept(items[i], scores[i]);
                        }
                    }
                    return;
                }
            }
        };
    }

    /** Drops every list when the collection's generation changed; true then (and on first use). */
    boolean switchTo(String generation) {
        if (generation.equals(this.generation)) {
            return false;
        }
        synchronized (this) {
            if (generation.equals(this.generation)) {
                return false;
            }
            lists.clear();
            vectors.clear();
            numbers = new ItemNumbers();
            this.generation = generation;
            return true;
        }
    }

    private Optional<float[]> vector(ItemVectors index, String itemId) {
        long now = System.currentTimeMillis();
        Vector cached = vectors.get(itemId);
        if (cached != null && now - cached.readAt() < maxAgeMillis) {
            return Optional.of(cached.values());
        }
        Optional<float[]> read = index.vector(itemId);
        read.ifPresent(values -> vectors.put(itemId, new Vector(values, now)));
        return read;
    }

    /**
     * The item's list for k, at least {@code length} long unless the collection has fewer; kept when
     * the cache keeps lists at all.
     */
    private Neighbours neighbours(ItemVectors vectors, ItemNumbers numbered, String itemId, float[] vector, int k, int length) {
        Key key = new Key(itemId, k);
        long now = System.currentTimeMillis();
        Neighbours cached = capacity > 0 ? lists.get(key) : null;
        // An old list serves too: refresh() searches it again in the background.
        if (cached != null && cached.numbers() == numbered && (cached.items().length >= length || cached.whole())) {
            return cached;
        }
        return search(vectors, numbered, key, vector, length, now);
    }

    private Neighbours search(ItemVectors vectors, ItemNumbers numbered, Key key, float[] vector, int length, long now) {
        String itemId = key.itemId();
        // Searched outside any lock: two requests may search the same item once each, never wait.
        List<VectorHit> found = vectors.search(new VectorQuery(vector, length, null, Set.of(itemId)));
        int[] items = new int[found.size()];
        float[] scores = new float[found.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = numbered.number(found.get(i).id());
            scores[i] = found.get(i).score();
        }
        Neighbours made = new Neighbours(numbered, items, scores, length, now);
        if (capacity > 0 && numbered == numbers) {
            // Of two searches of one list, a newer or longer one that got there first stays.
            lists.putUnless(key, made, other -> other.numbers() == numbered && other.madeAt() >= now && other.asked() >= length);
        }
        return made;
    }

    /**
     * Searches again every list older than the age limit, at {@code pace}: the background's share of
     * the CPU. Returns how many it searched.
     */
    int refresh(ItemVectors vectors, Pace pace) throws InterruptedException {
        if (capacity <= 0 || maxAgeMillis == Long.MAX_VALUE) {
            return 0;
        }
        ItemNumbers numbered = numbers;
        long now = System.currentTimeMillis();
        int searched = 0;
        for (Map.Entry<Key, Neighbours> entry : lists.entries()) {
            Neighbours list = entry.getValue();
            if (pace.isStopped()) {
                break;
            }
            if (list.numbers() != numbered || now - list.madeAt() < maxAgeMillis) {
                continue;
            }
            Optional<float[]> vector = vectors.vector(entry.getKey().itemId());
            if (vector.isPresent()) {
                long started = System.nanoTime();
                search(vectors, numbered, entry.getKey(), vector.get(), list.asked(), System.currentTimeMillis());
                searched++;
                pace.rest(System.nanoTime() - started);
            }
        }
        return searched;
    }

    private static final int FORMAT = 1;

    /**
     * Writes the lists of the current generation (with its numbering) to {@code file}, for the next
     * start of the strategy: the old file is replaced only once the new one is whole.
     */
    int save(Path file) throws IOException {
        String saved;
        ItemNumbers numbered;
        synchronized (this) {
            saved = generation;
            numbered = numbers;
        }
        List<Map.Entry<Key, Neighbours>> kept = new ArrayList<>();
        for (Map.Entry<Key, Neighbours> entry : lists.entries()) {
            if (entry.getValue().numbers() == numbered) {
                kept.add(entry);
            }
        }
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(saved);
            int count = numbered.size();
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeUTF(numbered.id(i));
            }
            out.writeInt(kept.size());
            for (Map.Entry<Key, Neighbours> entry : kept) {
                Neighbours list = entry.getValue();
                out.writeUTF(entry.getKey().itemId());
                out.writeInt(entry.getKey().k());
                out.writeInt(list.asked());
                out.writeLong(list.madeAt());
                out.writeInt(list.items().length);
                for (int item : list.items()) {
                    out.writeInt(item);
                }
                for (float score : list.scores()) {
                    out.writeFloat(score);
                }
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return kept.size();
    }

    /**
     * Takes the lists saved in {@code file} when they were made in this generation of the collection
     * (same model, same size), replacing whatever is held; returns how many, 0 when none fit.
     */
    int load(Path file, String current) throws IOException {
        if (capacity <= 0 || !Files.exists(file)) {
            return 0;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(current)) {
                return 0;
            }
            ItemNumbers numbered = new ItemNumbers();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                numbered.number(in.readUTF());
            }
            int stored = in.readInt();
            List<Map.Entry<Key, Neighbours>> read = new ArrayList<>(stored);
            for (int i = 0; i < stored; i++) {
                Key key = new Key(in.readUTF(), in.readInt());
                int asked = in.readInt();
                long madeAt = in.readLong();
                int[] items = new int[in.readInt()];
                float[] scores = new float[items.length];
                for (int j = 0; j < items.length; j++) {
                    items[j] = in.readInt();
                    if (items[j] < 0 || items[j] >= count) {
                        throw new IOException("item number " + items[j] + " outside the saved numbering of " + count);
                    }
                }
                for (int j = 0; j < scores.length; j++) {
                    scores[j] = in.readFloat();
                }
                read.add(Map.entry(key, new Neighbours(numbered, items, scores, asked, madeAt)));
            }
            synchronized (this) {
                lists.clear();
                vectors.clear();
                numbers = numbered;
                generation = current;
                for (Map.Entry<Key, Neighbours> entry : read.subList(0, Math.min(read.size(), capacity))) {
                    lists.put(entry.getKey(), entry.getValue());
                }
            }
            return Math.min(read.size(), capacity);
        }
    }

    /**
     * Remembers the lists of these items ahead of requests (a member's first request otherwise pays
     * one graph search per taste item). Stops early when the cache cannot hold them all anyway.
     */
    int warm(ItemVectors vectors, Iterable<String> itemIds, int k) {
        return warm(vectors, itemIds, k, Pace.FULL);
    }

    /** The same at {@code pace}; stops when the pace says stopped (or the thread is interrupted). */
    int warm(ItemVectors vectors, Iterable<String> itemIds, int k, Pace pace) {
        int searched = 0;
        for (String itemId : itemIds) {
            if (Thread.currentThread().isInterrupted() || pace.isStopped() || size() >= capacity) {
                break;
            }
            long started = System.nanoTime();
            Optional<float[]> vector = vectors.vector(itemId);
            if (vector.isPresent()) {
                neighbours(vectors, numbers, itemId, vector.get(), k, 2 * k);
                searched++;
            }
            try {
                pace.rest(System.nanoTime() - started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return searched;
    }

    /** The vectors of these items read into the cache (after a load: requests then read none from the index). */
    void readVectors(ItemVectors index, Iterable<String> itemIds) {
        if (capacity > 0) {
            itemIds.forEach(itemId -> vector(index, itemId));
        }
    }

    int size() {
        return lists.size();
    }

    /** Whether a list of this item is remembered (tests). */
    boolean holds(String itemId) {
        return lists.entries().stream().anyMatch(entry -> entry.getKey().itemId().equals(itemId));
    }
}
