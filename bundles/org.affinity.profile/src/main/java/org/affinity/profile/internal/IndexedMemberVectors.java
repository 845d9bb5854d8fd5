package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.profile.SimilarMember;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorIndex;
import org.affinity.api.vector.VectorQuery;

/**
 * Member vectors in the vector index's "members" collection, with country and RFM segment as
 * filterable fields. Calls are serialised so that a rebuild's reload (drop, then bulk load) never
 * pulls the collection from under a write.
 */
final class IndexedMemberVectors implements MemberVectorSink {

    static final String MEMBERS = "members";

    private final Supplier<EmbeddingModel> model;
    private final Supplier<VectorIndex> index;

    IndexedMemberVectors(Supplier<EmbeddingModel> model, Supplier<VectorIndex> index) {
        this.model = model;
        this.index = index;
    }

    private VectorCollection collection() {
        EmbeddingModel current = model.get();
        VectorIndex vectors = index.get();
        if (current == null || vectors == null) {
            return null;
        }
        return vectors.open(MEMBERS, current.id(), current.dimension());
    }

    @Override
    public synchronized void write(Map<String, float[]> vectors, Map<String, Map<String, Object>> fields) {
        VectorCollection members = collection();
        if (members == null) {
            return;
        }
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            if (e.getValue() == null) {
                members.delete(e.getKey());
            } else if (e.getValue().length == members.dimension()) {
                members.upsert(new VectorEntry(e.getKey(), e.getValue(), fields.get(e.getKey())));
            }
        }
    }

    @Override
    public synchronized void replaceAll(Map<String, float[]> vectors, Map<String, Map<String, Object>> fields) {
        VectorIndex vectorIndex = index.get();
        if (vectorIndex == null) {
            return;
        }
        vectorIndex.drop(MEMBERS);
        VectorCollection members = collection();
        if (members == null) {
            return;
        }
        List<VectorEntry> entries = new ArrayList<>();
        vectors.forEach((id, vector) -> {
            if (vector.length == members.dimension()) {
                entries.add(new VectorEntry(id, vector, fields.get(id)));
            }
        });
        members.upsertAll(entries);
    }

    @Override
    public synchronized void delete(String memberId) {
        VectorIndex vectorIndex = index.get();
        if (vectorIndex != null) {
            vectorIndex.existing(MEMBERS).ifPresent(members -> {
                members.delete(memberId);
                members.commit(); // erasure: gone from disk now, not at the next periodic commit
            });
        }
    }

    @Override
    public synchronized List<SimilarMember> nearest(float[] vector, int count, String exclude) {
        VectorCollection members = collection();
        if (members == null || vector.length != members.dimension()) {
            return null;
        }
        List<SimilarMember> nearest = new ArrayList<>();
        for (VectorHit hit : members.search(new VectorQuery(vector, count, null, Set.of(exclude)))) {
            nearest.add(new SimilarMember(hit.id(), hit.score()));
        }
        return nearest;
    }
}
