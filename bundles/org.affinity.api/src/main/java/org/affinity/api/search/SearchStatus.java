package org.affinity.api.search;

/**
 * The state of the item index.
 *
 * @param state see {@link State}
 * @param modelId the model whose vectors the index holds, or null before the first sync
 * @param indexed items with a vector
 * @param items items in the store
 * @param pending changed items waiting to be embedded
 * @param job the id of the reindex or catch-up job queued or running, or null
 */
public record SearchStatus(State state, String modelId, long indexed, long items, long pending, String job) {

    public enum State {
        /** In step with the store. */
        READY,
        /** Embedding changed items. */
        INDEXING,
        /** A job compares the index with the store, or re-embeds every item (after a model switch). */
        SYNCING,
        /** No embedding model is active: changes wait until one is. */
        NO_MODEL
    }

    /** Whether every item of the store can be found now. */
    public boolean complete() {
        return state == State.READY;
    }
}
