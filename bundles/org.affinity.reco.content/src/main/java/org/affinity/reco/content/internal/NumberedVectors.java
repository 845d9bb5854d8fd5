package org.affinity.reco.content.internal;

import java.util.function.IntPredicate;

/** Item vectors whose neighbours come as item numbers (see {@link ItemNumbers}), for requests that keep per-item state in arrays. */
interface NumberedVectors extends ItemVectors {

    ItemNumbers numbers();

    /** The k items nearest to a catalogue item (its vector given), nearest first, without the numbers excluded. */
    void near(String itemId, float[] vector, int k, IntPredicate excluded, NumberedNeighbour sink);

    @FunctionalInterface
    interface NumberedNeighbour {
        void accept(int number, float score);
    }
}
