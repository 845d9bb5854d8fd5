package org.affinity.search.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;

/**
 * A deterministic stand-in model: a text's vector is the sum of one pseudo-random unit vector per
 * word (lower-cased, a plural 's' dropped), normalised. Texts that share words are close. Counts
 * the texts it embeds; once closed it throws like a model whose bundle stopped.
 */
final class WordModel implements EmbeddingModel {

    private final String id;
    private final int dimension;
    final AtomicInteger embedded = new AtomicInteger();
    private volatile boolean closed;

    WordModel(String id, int dimension) {
        this.id = id;
        this.dimension = dimension;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    void close() {
        closed = true;
    }

    @Override
    public float[] embed(String text) {
        if (closed) {
            throw new ModelUnavailableException(id, "closed");
        }
        embedded.incrementAndGet();
        float[] vector = new float[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String stem = word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
            java.util.Random random = new java.util.Random(stem.hashCode() * 31L + id.hashCode());
            for (int i = 0; i < dimension; i++) {
                vector[i] += (float) random.nextGaussian();
            }
        }
        vector[0] += 1e-3f;   // never all zero
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        for (int i = 0; i < dimension; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        texts.forEach(text -> vectors.add(embed(text)));
        return vectors;
    }
}
