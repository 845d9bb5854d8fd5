package org.affinity.chat.intent.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.affinity.api.chat.IntentMetrics;

/**
 * Accuracy, macro-F1 and the most confused pairs of predictions against the truth, over a set's
 * intents (by index). Macro-F1 averages the intents that occur in the truth or the predictions, each
 * counting the same, so a rare intent that is never found pulls it down.
 */
public final class Scores {

    private final List<String> intents;
    private final int[][] confusion;
    private int total;
    private int correct;
    private int abstained;

    public Scores(List<String> intents) {
        this.intents = intents;
        this.confusion = new int[intents.size()][intents.size()];
    }

    public void add(int expected, int predicted, boolean abstain) {
        confusion[expected][predicted]++;
        total++;
        if (expected == predicted) {
            correct++;
        }
        if (abstain) {
            abstained++;
        }
    }

    public int total() {
        return total;
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    public double abstained() {
        return total == 0 ? 0 : (double) abstained / total;
    }

    public double macroF1() {
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < intents.size(); k++) {
            int truePositives = confusion[k][k];
            int actual = 0;
            int predicted = 0;
            for (int j = 0; j < intents.size(); j++) {
                actual += confusion[k][j];
                predicted += confusion[j][k];
            }
            if (actual == 0 && predicted == 0) {
                continue;
            }
            counted++;
            if (truePositives > 0) {
                double precision = (double) truePositives / predicted;
                double recall = (double) truePositives / actual;
                sum += 2 * precision * recall / (precision + recall);
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** The {@code most} most frequent (expected, predicted) mistakes, most frequent first. */
    public List<IntentMetrics.Confusion> confused(int most) {
        List<IntentMetrics.Confusion> pairs = new ArrayList<>();
        for (int k = 0; k < intents.size(); k++) {
            for (int j = 0; j < intents.size(); j++) {
                if (k != j && confusion[k][j] > 0) {
                    pairs.add(new IntentMetrics.Confusion(intents.get(k), intents.get(j), confusion[k][j]));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(IntentMetrics.Confusion::count).reversed()
                .thenComparing(IntentMetrics.Confusion::expected).thenComparing(IntentMetrics.Confusion::predicted));
        return pairs.size() > most ? List.copyOf(pairs.subList(0, most)) : pairs;
    }
}
