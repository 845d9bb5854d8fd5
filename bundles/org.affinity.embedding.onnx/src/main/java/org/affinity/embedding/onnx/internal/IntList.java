package org.affinity.embedding.onnx.internal;

import java.util.Arrays;

/** A growable int array: token ids without boxing. */
final class IntList {

    private int[] values = new int[32];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
