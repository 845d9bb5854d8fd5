package org.affinity.api.vector;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A k-nearest-neighbour search.
 *
 * @param vector the query vector, of the collection's dimension
 * @param k how many hits to return at most
 * @param filter field name to accepted values: a hit must match one value of every field listed
 * @param exclude ids never returned
 */
public record VectorQuery(float[] vector, int k, Map<String, Set<String>> filter, Set<String> exclude) {

    public VectorQuery {
        Objects.requireNonNull(vector, "vector");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        filter = filter == null ? Map.of() : Map.copyOf(filter);
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    }

    public static VectorQuery of(float[] vector, int k) {
        return new VectorQuery(vector, k, null, null);
    }
}
