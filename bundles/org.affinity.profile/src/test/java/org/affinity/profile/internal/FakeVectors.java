package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in embedding model for unit tests: a text's vector is the normalised sum of one fixed
 * random vector per keyword, so texts sharing words are close (fast and deterministic; the real
 * model runs in the in-container tests and the benchmark).
 */
final class FakeVectors implements VectorSource {

    static final int DIMENSION = 64;
    final AtomicInteger embedded = new AtomicInteger();
    volatile String model = "fake-bag-of-words";

    @Override
    public String modelId() {
        return model;
    }

    @Override
    public Map<String, float[]> items(Collection<String> itemIds, Catalogue catalogue) {
        Map<String, float[]> found = new HashMap<>();
        for (String id : itemIds) {
            Catalogue.Facts facts = catalogue.get(id);
            if (facts != null && !facts.title().isBlank()) {
                found.put(id, embed(facts.title()));
            }
        }
        return found;
    }

    @Override
    public List<float[]> texts(List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        texts.forEach(t -> vectors.add(embed(t)));
        return vectors;
    }

    float[] embed(String text) {
        embedded.incrementAndGet();
        float[] sum = new float[DIMENSION];
        for (String word : Keywords.of(text)) {
            Random random = new Random(word.hashCode());
            for (int i = 0; i < DIMENSION; i++) {
                sum[i] += (float) random.nextGaussian();
            }
        }
        double norm = 0;
        for (float v : sum) {
            norm += v * v;
        }
        if (norm == 0) {
            sum[0] = 1;
            return sum;
        }
        for (int i = 0; i < DIMENSION; i++) {
            sum[i] /= (float) Math.sqrt(norm);
        }
        return sum;
    }
}
