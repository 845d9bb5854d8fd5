package org.affinity.reco.cf.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * What a member did with items: the net feedback weight per item (positive only) and the items
 * they bought, which are not recommended again unless repurchase is allowed.
 */
final class History {

    static final History EMPTY = new History(Map.of(), Set.of());

    private final Map<String, Float> weights;
    private final Set<String> bought;
    /** The member's factors under one model, folded in once: a remembered history is served many times. */
    private volatile Folded folded;

    private record Folded(CfModel model, float[] factors) {
    }

    History(Map<String, Float> weights, Set<String> bought) {
        this.weights = weights;
        this.bought = bought;
    }

    Map<String, Float> weights() {
        return weights;
    }

    Set<String> bought() {
        return bought;
    }

    /** The factors under this model, computed the first time (null: no item the model knows). */
    float[] factors(CfModel model, java.util.function.Function<History, float[]> foldIn) {
        Folded last = folded;
        if (last != null && last.model() == model) {
            return last.factors();
        }
        float[] factors = foldIn.apply(this);
        folded = new Folded(model, factors);
        return factors;
    }

    static History of(List<Event> events) {
        Map<String, Float> sums = new HashMap<>();
        Set<String> bought = new HashSet<>();
        for (Event event : events) {
            if (event.itemId() == null) {
                continue;
            }
            float weight = Feedback.weight(event.type());
            if (weight != 0f) {
                sums.merge(event.itemId(), weight, Float::sum);
            }
            if (event.type() == EventType.PURCHASE) {
                bought.add(event.itemId());
            }
        }
        Map<String, Float> weights = new HashMap<>();
        sums.forEach((item, sum) -> {
            if (sum > 0) {
                weights.put(item, (float) Math.log1p(sum));
            }
        });
        return new History(weights, bought);
    }

    boolean isEmpty() {
        return weights.isEmpty();
    }
}
