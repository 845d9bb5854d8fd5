package org.affinity.profile.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Item vectors already fetched or embedded, for one model, so that the event path adds an item's
 * vector without waiting for the index or the model (misses are resolved in the background).
 */
final class ItemVectorCache {

    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private volatile String model;

    String model() {
        return model;
    }

    float[] get(String itemId, String forModel) {
        return forModel != null && forModel.equals(model) ? vectors.get(itemId) : null;
    }

    /** Keeps vectors of a model; vectors of another model are dropped first. */
    synchronized void putAll(String modelId, Map<String, float[]> found) {
        if (!modelId.equals(model)) {
            vectors.clear();
            model = modelId;
        }
        vectors.putAll(found);
    }

    /** An item's text changed: its vector must be fetched again. */
    void invalidate(String itemId) {
        vectors.remove(itemId);
    }

    int size() {
        return vectors.size();
    }
}
