package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorIndex;
import org.affinity.api.vector.VectorQuery;

/**
 * The model's item factors in the vector collection "cf-items", bound to the model id
 * ("cf-als-7"). The index searches by cosine while ALS ranks by dot product, so item vectors get
 * one more component that lifts them all to the same length (the maximum-inner-product reduction of
 * Bachrach et al. 2014): for a member query [x, 0] cosine order is then dot-product order.
 */
final class FactorIndex {

    static final String COLLECTION = "cf-items";

    private FactorIndex() {
    }

    static void publish(VectorIndex index, CfModel model) {
        int k = model.factors();
        double maxNorm = 0;
        for (int i = 0; i < model.items.length; i++) {
            maxNorm = Math.max(maxNorm, Math.sqrt(squaredNorm(model.itemFactors, i * k, k)));
        }
        List<VectorEntry> entries = new ArrayList<>(model.items.length);
        for (int i = 0; i < model.items.length; i++) {
            float[] vector = new float[k + 1];
            for (int a = 0; a < k; a++) {
                vector[a] = (float) (model.itemFactors[i * k + a] / maxNorm);
            }
            double rest = 1 - squaredNorm(model.itemFactors, i * k, k) / (maxNorm * maxNorm);
            vector[k] = (float) Math.sqrt(Math.max(rest, 0)) + 1e-6f;
            entries.add(new VectorEntry(model.items[i], vector, Map.of()));
        }
        VectorCollection collection = index.open(COLLECTION, model.modelId(), k + 1);
        collection.upsertAll(entries);
    }

    /** Item ids by estimated preference, best first, or empty when the collection does not hold this model. */
    static Optional<List<String>> candidates(VectorIndex index, CfModel model, float[] memberFactors, int count,
            Set<String> exclude) {
        Optional<VectorCollection> collection = index.existing(COLLECTION)
                .filter(c -> c.modelId().equals(model.modelId()) && c.size() == model.items.length);
        if (collection.isEmpty()) {
            return Optional.empty();
        }
        float[] query = new float[model.factors() + 1];
        System.arraycopy(memberFactors, 0, query, 0, memberFactors.length);
        List<String> ids = new ArrayList<>(count);
        for (VectorHit hit : collection.get().search(new VectorQuery(query, count, null, exclude))) {
            ids.add(hit.id());
        }
        return Optional.of(ids);
    }

    private static double squaredNorm(float[] values, int from, int k) {
        double sum = 0;
        for (int a = 0; a < k; a++) {
            sum += values[from + a] * values[from + a];
        }
        return sum;
    }
}
