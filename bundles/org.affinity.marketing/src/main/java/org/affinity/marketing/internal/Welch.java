package org.affinity.marketing.internal;

import org.affinity.api.marketing.Interval;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's interval for the difference of two means with unequal variances (revenue per member), with
 * the Welch-Satterthwaite degrees of freedom. Revenue per member is mostly zeros with a long tail;
 * with hundreds of members per group the t interval's coverage is adequate, with a handful it is not,
 * and the report says how many members each group has.
 */
final class Welch {

    /** Running count, mean and sum of squared deviations (Welford), so one pass over the members suffices. */
    static final class Sample {
        long n;
        double mean;
        double m2;

        void add(double value) {
            n++;
            double delta = value - mean;
            mean += delta / n;
            m2 += delta * (value - mean);
        }

        double variance() {
            return n < 2 ? 0 : m2 / (n - 1);
        }
    }

    private Welch() {
    }

    /** The interval of mean(a) - mean(b); null when either sample has fewer than two values. */
    static Interval interval(Sample a, Sample b, double confidence) {
        if (a.n < 2 || b.n < 2) {
            return null;
        }
        double va = a.variance() / a.n;
        double vb = b.variance() / b.n;
        double difference = a.mean - b.mean;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Interval(difference, difference);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Interval(difference - t * se, difference + t * se);
    }
}
