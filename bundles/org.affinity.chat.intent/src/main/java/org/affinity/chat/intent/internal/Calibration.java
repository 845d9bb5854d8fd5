package org.affinity.chat.intent.internal;

import java.util.List;

/**
 * Temperature scaling (Guo et al. 2017): one number T that divides a head's logits so its softmax
 * probabilities match how often it is right on examples it was not fit on. It leaves the ranking of
 * intents as it is; it only makes "0.9" mean about nine in ten.
 */
final class Calibration {

    private static final double LOWEST = Math.log(0.05);
    private static final double HIGHEST = Math.log(20);

    private Calibration() {
    }

    /** The T in [0.05, 20] with the least negative log-likelihood of the true classes; 1 without examples. */
    static double temperature(List<float[]> logits, int[] labels) {
        if (logits.isEmpty()) {
            return 1;
        }
        // Golden-section search on log T: the likelihood is smooth and has one minimum there.
        double ratio = (Math.sqrt(5) - 1) / 2;
        double low = LOWEST;
        double high = HIGHEST;
        double a = high - ratio * (high - low);
        double b = low + ratio * (high - low);
        double fa = loss(logits, labels, Math.exp(a));
        double fb = loss(logits, labels, Math.exp(b));
        for (int i = 0; i < 60 && high - low > 1e-4; i++) {
            if (fa < fb) {
                high = b;
                b = a;
                fb = fa;
                a = high - ratio * (high - low);
                fa = loss(logits, labels, Math.exp(a));
            } else {
                low = a;
                a = b;
                fa = fb;
                b = low + ratio * (high - low);
                fb = loss(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((low + high) / 2);
    }

    /** Mean negative log-likelihood of the labels under softmax(logits / t). */
    static double loss(List<float[]> logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.size(); i++) {
            float[] z = logits.get(i);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v / t);
            }
            double total = 0;
            for (float v : z) {
                total += Math.exp(v / t - max);
            }
            sum += Math.log(total) + max - z[labels[i]] / t;
        }
        return sum / logits.size();
    }
}
