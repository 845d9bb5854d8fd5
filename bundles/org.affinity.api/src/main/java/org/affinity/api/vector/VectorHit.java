package org.affinity.api.vector;

import java.util.Map;

/** A search hit: cosine similarity in [-1, 1], higher is closer. */
public record VectorHit(String id, float score, Map<String, Object> fields) {

    public VectorHit {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
