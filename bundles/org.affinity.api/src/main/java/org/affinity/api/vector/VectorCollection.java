package org.affinity.api.vector;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** One collection: upserts are visible to searches promptly (near real time) and survive restarts. */
@ProviderType
public interface VectorCollection {

    String name();

    String modelId();

    int dimension();

    long size();

    void upsert(VectorEntry entry);

    /** Bulk load: one commit for all entries. */
    void upsertAll(List<VectorEntry> entries);

    boolean delete(String id);

    Optional<VectorEntry> get(String id);

    List<VectorHit> search(VectorQuery query);

    /** Makes every write so far durable. */
    void commit();
}
