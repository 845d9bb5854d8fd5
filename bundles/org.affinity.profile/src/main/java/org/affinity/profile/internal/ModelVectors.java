package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorIndex;

/**
 * Item and text vectors from the platform: an item's vector from the "items" collection (kept by
 * org.affinity.search, title and description) when it is there for the active model; otherwise
 * the item's title embedded by the shared model, so profiles work without that bundle.
 */
final class ModelVectors implements VectorSource {

    static final String ITEMS = "items";

    private final Supplier<EmbeddingModel> model;
    private final Supplier<VectorIndex> index;

    ModelVectors(Supplier<EmbeddingModel> model, Supplier<VectorIndex> index) {
        this.model = model;
        this.index = index;
    }

    @Override
    public String modelId() {
        EmbeddingModel current = model.get();
        return current == null ? null : current.id();
    }

    @Override
    public Map<String, float[]> items(Collection<String> itemIds, Catalogue catalogue) {
        EmbeddingModel current = model.get();
        Map<String, float[]> found = new HashMap<>();
        if (current == null) {
            return found;
        }
        Optional<VectorCollection> items = itemsCollection(current);
        List<String> toEmbed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String id : itemIds) {
            Optional<VectorEntry> entry = items.flatMap(c -> c.get(id));
            if (entry.isPresent()) {
                found.put(id, entry.get().vector());
                continue;
            }
            Catalogue.Facts facts = catalogue.get(id);
            if (facts != null && !facts.title().isBlank()) {
                toEmbed.add(id);
                texts.add(facts.title());
            }
        }
        if (!texts.isEmpty()) {
            List<float[]> vectors = embed(current, texts);
            for (int i = 0; i < vectors.size(); i++) {
                found.put(toEmbed.get(i), vectors.get(i));
            }
        }
        return found;
    }

    @Override
    public List<float[]> texts(List<String> texts) {
        EmbeddingModel current = model.get();
        if (current == null) {
            List<float[]> none = new ArrayList<>();
            texts.forEach(t -> none.add(null));
            return none;
        }
        return embed(current, texts);
    }

    private static List<float[]> embed(EmbeddingModel model, List<String> texts) {
        try {
            return model.embedAll(texts);
        } catch (ModelUnavailableException e) {
            List<float[]> none = new ArrayList<>();
            texts.forEach(t -> none.add(null)); // the next model's rebuild re-derives them
            return none;
        }
    }

    private Optional<VectorCollection> itemsCollection(EmbeddingModel current) {
        VectorIndex vectors = index.get();
        if (vectors == null) {
            return Optional.empty();
        }
        try {
            return vectors.existing(ITEMS).filter(c -> c.modelId().equals(current.id()) && c.dimension() == current.dimension());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}
