package org.affinity.marketing.internal;

import java.util.List;
import java.util.Locale;

import org.affinity.api.embedding.EmbeddingModel;

/**
 * A stand-in embedding for unit tests: each lower-case word hashed into one of 256 dimensions, then
 * normalised. Texts that share words are close; the real model is used in the runtime's tests.
 */
final class WordsModel implements EmbeddingModel {

    static final String ID = "test-words";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return 256;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = new float[256];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2) {
                vector[Math.floorMod(word.hashCode(), 256)] += 1;
            }
        }
        return Vectors.unit(vector);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
