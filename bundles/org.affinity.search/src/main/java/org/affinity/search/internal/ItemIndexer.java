package org.affinity.search.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.item.Item;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;

/** Brings the entries of some items up to date, embedding only the items whose text changed. */
final class ItemIndexer {

    /** What a pass did: items embedded, items whose vector was kept under new fields, items left alone. */
    record Counts(long embedded, long refiled, long unchanged) {

        static final Counts NONE = new Counts(0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(embedded + other.embedded, refiled + other.refiled, unchanged + other.unchanged);
        }
    }

    private ItemIndexer() {
    }

    /** Entries to write and what it took to make them. */
    record Batch(List<VectorEntry> entries, Counts counts) {
    }

    /**
     * Indexes the items' current state entry by entry (the index commits periodically).
     *
     * @throws org.affinity.api.embedding.ModelUnavailableException when the model goes away meanwhile
     */
    static Counts apply(List<Item> items, EmbeddingModel model, VectorCollection collection) {
        Batch batch = entries(items, model, collection, false);
        write(collection, batch.entries(), false);
        return batch.counts();
    }

    /**
     * The entries the items need now (none for items already in step), embedding what changed; with
     * {@code reembed}, every item whatever its stored entry says.
     */
    static Batch entries(List<Item> items, EmbeddingModel model, VectorCollection collection, boolean reembed) {
        if (model.dimension() != collection.dimension() || !model.id().equals(collection.modelId())) {
            throw new IllegalStateException("collection '" + collection.name() + "' holds vectors of " + collection.modelId()
                    + ", not of " + model.id());
        }
        List<VectorEntry> entries = new ArrayList<>(items.size());
        List<Integer> toEmbed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long unchanged = 0;
        for (Item item : items) {
            String text = ItemVectors.text(item);
            Map<String, Object> fields = ItemVectors.fields(item, text);
            Optional<VectorEntry> stored = collection.get(item.id());
            ItemVectors.Change change = reembed ? ItemVectors.Change.TEXT : ItemVectors.change(stored, fields);
            switch (change) {
                case NONE -> unchanged++;
                case FIELDS -> entries.add(new VectorEntry(item.id(), stored.orElseThrow().vector(), fields));
                case TEXT -> {
                    toEmbed.add(entries.size());
                    texts.add(text);
                    entries.add(new VectorEntry(item.id(), new float[0], fields));   // vector below
                }
            }
        }
        if (!texts.isEmpty()) {
            List<float[]> vectors = model.embedAll(texts);
            for (int i = 0; i < vectors.size(); i++) {
                VectorEntry placeholder = entries.get(toEmbed.get(i));
                entries.set(toEmbed.get(i), new VectorEntry(placeholder.id(), vectors.get(i), placeholder.fields()));
            }
        }
        return new Batch(entries, new Counts(texts.size(), entries.size() - texts.size(), unchanged));
    }

    /** With {@code bulk}, one bulk load (one commit, one segment); otherwise entry by entry. */
    static void write(VectorCollection collection, List<VectorEntry> entries, boolean bulk) {
        if (bulk && !entries.isEmpty()) {
            collection.upsertAll(entries);
        } else {
            entries.forEach(collection::upsert);
        }
    }
}
