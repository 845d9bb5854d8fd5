package org.affinity.api.vector;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Named, persistent collections of vectors ("items", "members", "faq"). */
@ProviderType
public interface VectorIndex {

    /**
     * Opens a collection, creating it when absent. A collection records the model that made its
     * vectors: opening it for another model or dimension empties it first, so vectors of two models
     * are never searched together.
     */
    VectorCollection open(String name, String modelId, int dimension);

    Optional<VectorCollection> existing(String name);

    Set<String> names();

    /** Deletes a collection and its files. */
    boolean drop(String name);
}
