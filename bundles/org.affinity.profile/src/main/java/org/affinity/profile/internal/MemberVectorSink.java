package org.affinity.profile.internal;

import java.util.List;
import java.util.Map;

import org.affinity.api.profile.SimilarMember;

/** Where member vectors go: the vector index's "members" collection. */
interface MemberVectorSink {

    /** Writes (or replaces) member vectors; a null vector deletes the member's entry. */
    void write(Map<String, float[]> vectors, Map<String, Map<String, Object>> fields);

    /** Replaces the whole collection (after a rebuild) with these vectors. */
    void replaceAll(Map<String, float[]> vectors, Map<String, Map<String, Object>> fields);

    void delete(String memberId);

    /** The members nearest to a vector, nearest first, without {@code exclude}; null when the index is unavailable. */
    List<SimilarMember> nearest(float[] vector, int count, String exclude);
}
