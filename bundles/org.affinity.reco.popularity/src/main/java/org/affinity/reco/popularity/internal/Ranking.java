package org.affinity.reco.popularity.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** An immutable ranking: item ids best first with their scores. */
record Ranking(String[] items, double[] scores) {

    static final Ranking EMPTY = new Ranking(new String[0], new double[0]);

    static Ranking of(List<Map.Entry<String, Double>> entries) {
        entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        String[] items = new String[entries.size()];
        double[] scores = new double[entries.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = entries.get(i).getKey();
            scores[i] = entries.get(i).getValue();
        }
        return new Ranking(items, scores);
    }

    int size() {
        return items.length;
    }
}
