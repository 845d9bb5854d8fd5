package org.affinity.api.search;

/**
 * A search that cannot be answered now: no embedding model is active, or the index is being
 * rebuilt for a model that was just activated. Retrying later helps.
 */
public class SearchUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SearchUnavailableException(String message) {
        super(message);
    }
}
