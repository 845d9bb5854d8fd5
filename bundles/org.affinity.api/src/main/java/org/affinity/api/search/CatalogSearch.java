package org.affinity.api.search;

import java.util.List;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Semantic search over the catalogue. Every item's title and description (HTML stripped) is
 * embedded with the active embedding model and kept in the vector collection {@value #COLLECTION},
 * in step with the store; a model switch re-embeds every item, so a search never mixes the vectors
 * of two models.
 */
@ProviderType
public interface CatalogSearch {

    /** The vector collection that holds the item vectors. */
    String COLLECTION = "items";

    /**
     * The items most like an item, best first, never the item itself.
     *
     * @throws java.util.NoSuchElementException when the store has no such item
     * @throws SearchUnavailableException when no embedding model is active or the index is being
     *         rebuilt for a newly activated one
     * @throws IllegalArgumentException when {@code n} is below 1
     */
    List<CatalogHit> similar(String itemId, int n, SearchFilter filter);

    /**
     * The items whose text means most nearly what {@code text} says, best first.
     *
     * @throws SearchUnavailableException as for {@link #similar}
     * @throws IllegalArgumentException when {@code n} is below 1 or the text is blank
     */
    List<CatalogHit> search(String text, int n, SearchFilter filter);

    /** How far the index is in step with the store, and with which model. */
    SearchStatus status();

    /**
     * Re-embeds every item with the active model as a job (kind "reindex") and removes vectors of
     * items the store no longer has; returns the job already queued when there is one.
     *
     * @throws SearchUnavailableException when no embedding model is active
     */
    Job reindex();
}
