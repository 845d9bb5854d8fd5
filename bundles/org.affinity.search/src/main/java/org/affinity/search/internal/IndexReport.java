package org.affinity.search.internal;

/**
 * What a catch-up or reindex job did (the job's result).
 *
 * @param model the model whose vectors the index holds
 * @param items items in the store
 * @param embedded items embedded
 * @param refiled items whose vector was kept under new fields (price, availability, categories)
 * @param unchanged items already in step
 * @param removed vectors of items the store no longer has
 * @param seconds how long it took
 */
record IndexReport(String model, long items, long embedded, long refiled, long unchanged, long removed, double seconds) {

    @Override
    public String toString() {
        return String.format("%,d items in step with model %s: %,d embedded, %,d with new fields, %,d unchanged, "
                + "%,d stale vectors removed (%.1f s)", items, model, embedded, refiled, unchanged, removed, seconds);
    }
}
