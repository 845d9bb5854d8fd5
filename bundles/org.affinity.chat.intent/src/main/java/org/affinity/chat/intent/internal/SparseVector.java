package org.affinity.chat.intent.internal;

/** A sparse feature vector: indices ascending, with their values. */
record SparseVector(int[] indices, float[] values) {

    static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    int size() {
        return indices.length;
    }
}
