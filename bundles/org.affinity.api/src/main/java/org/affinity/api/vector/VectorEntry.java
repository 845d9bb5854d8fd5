package org.affinity.api.vector;

import java.util.Map;
import java.util.Objects;

/**
 * A vector with its id and stored fields. Field values are strings or collections of strings;
 * they can be filtered on ({@link VectorQuery#filter()}).
 */
public record VectorEntry(String id, float[] vector, Map<String, Object> fields) {

    public VectorEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vector, "vector");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
