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
