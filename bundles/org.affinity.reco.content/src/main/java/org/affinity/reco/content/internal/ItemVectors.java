package org.affinity.reco.content.internal;

import java.util.List;
import java.util.Optional;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;

/** The item text vectors the strategy searches: the "items" collection, or a stand-in in tests. */
interface ItemVectors {

    Optional<float[]> vector(String itemId);

    List<VectorHit> search(VectorQuery query);

    /** The k items nearest to a catalogue item (its vector given), without the excluded ids. */
    default List<VectorHit> near(String itemId, float[] vector, int k, java.util.Set<String> exclude) {
        return search(new VectorQuery(vector, k, null, exclude));
    }

    static ItemVectors of(VectorCollection collection) {
        return new ItemVectors() {
            @Override
            public Optional<float[]> vector(String itemId) {
                return collection.get(itemId).map(entry -> entry.vector());
            }

            @Override
            public List<VectorHit> search(VectorQuery query) {
                return collection.search(query);
            }
        };
    }
}
