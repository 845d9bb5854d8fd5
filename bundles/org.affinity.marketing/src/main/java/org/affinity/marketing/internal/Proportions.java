package org.affinity.marketing.internal;

import org.affinity.api.marketing.Interval;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Intervals and tests for conversion rates: Wilson score intervals for one proportion, Newcombe's
 * hybrid score interval for the difference of two independent proportions (method 10 of Newcombe
 * 1998, Statistics in Medicine 17:873-890), the MOVER-R interval for their ratio built from the same
 * Wilson limits (Donner and Zou 2012), and the pooled two-proportion z test.
 */
final class Proportions {

    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private Proportions() {
    }

    /** The two-sided standard normal quantile for a confidence level (1.959964 for 0.95). */
    static double z(double confidence) {
        return NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** Wilson score interval of x successes out of n (without continuity correction); [0, 1] for n = 0. */
    static Interval wilson(long x, long n, double z) {
        if (n == 0) {
            return new Interval(0, 1);
        }
        double p = (double) x / n;
        double z2 = z * z;
        double centre = 2 * n * p + z2;
        double spread = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
        double denominator = 2 * (n + z2);
        return new Interval(Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator));
    }

    /** Newcombe's hybrid score interval for p1 - p2 (x1 of n1 against x2 of n2). */
    static Interval newcombe(long x1, long n1, long x2, long n2, double z) {
        double p1 = n1 == 0 ? 0 : (double) x1 / n1;
        double p2 = n2 == 0 ? 0 : (double) x2 / n2;
        Interval w1 = wilson(x1, n1, z);
        Interval w2 = wilson(x2, n2, z);
        double d = p1 - p2;
        double lower = d - Math.sqrt(square(p1 - w1.lower()) + square(w2.upper() - p2));
        double upper = d + Math.sqrt(square(w1.upper() - p1) + square(p2 - w2.lower()));
        return new Interval(lower, upper);
    }

    /**
     * MOVER-R interval for the ratio p1 / p2 from the Wilson limits of each; null when p2 is 0 (no
     * finite ratio). The upper limit is infinite when the second proportion's lower limit is 0.
     */
    static Interval ratio(long x1, long n1, long x2, long n2, double z) {
        if (n1 == 0 || n2 == 0 || x2 == 0) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        Interval w1 = wilson(x1, n1, z);
        Interval w2 = wilson(x2, n2, z);
        double l1 = w1.lower();
        double u1 = w1.upper();
        double l2 = w2.lower();
        double u2 = w2.upper();
        double product = p1 * p2;
        double lower = (product - Math.sqrt(Math.max(0, product * product - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2))))
                / (u2 * (2 * p2 - u2));
        double upperDenominator = l2 * (2 * p2 - l2);
        double upper = upperDenominator <= 0 ? Double.POSITIVE_INFINITY
                : (product + Math.sqrt(Math.max(0, product * product - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2))))
                        / upperDenominator;
        return new Interval(Math.max(0, lower), upper);
    }

    /** The pooled two-proportion z statistic for p1 - p2 (0 when either group is empty or nobody or everybody converted). */
    static double zStatistic(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return 0;
        }
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return se == 0 ? 0 : ((double) x1 / n1 - (double) x2 / n2) / se;
    }

    /** Two-sided p-value of a standard normal statistic. */
    static double pValue(double z) {
        return 2 * NORMAL.cumulativeProbability(-Math.abs(z));
    }

    private static double square(double v) {
        return v * v;
    }
}
