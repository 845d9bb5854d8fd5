package org.affinity.reco.content.internal;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The popularity prior by item number, worked out once per item for one count of purchases (they
 * are recounted every ten minutes) and one exponent: every request multiplies thousands of
 * candidates by it, and a look-up by id for each was a tenth of content's time.
 */
final class Priors implements IntToDoubleFunction {

    private final ItemNumbers numbers;
    private final PurchaseCounts counts;
    private final double exponent;
    private final ToDoubleFunction<String> prior;
    /** NaN where not worked out yet. Written without a lock: two threads may work one out twice, alike. */
    private volatile double[] known = new double[0];

    /** @param exponent above 0 */
    Priors(ItemNumbers numbers, PurchaseCounts counts, double exponent) {
        this.numbers = numbers;
        this.counts = counts;
        this.exponent = exponent;
        this.prior = counts.prior(exponent);
    }

    /** Whether these priors are the ones for this numbering, count and exponent. */
    boolean fits(ItemNumbers numbers, PurchaseCounts counts, double exponent) {
        return this.numbers == numbers && this.counts == counts && this.exponent == exponent;
    }

    @Override
    public double applyAsDouble(int number) {
        double[] now = known;
        if (number < now.length && !Double.isNaN(now[number])) {
            return now[number];
        }
        double value = prior.applyAsDouble(numbers.id(number));
        if (number >= now.length) {
            now = grow(number);
        }
        now[number] = value;
        return value;
    }

    private synchronized double[] grow(int number) {
        double[] now = known;
        if (number < now.length) {
            return now;
        }
        double[] grown = Arrays.copyOf(now, Math.max(number + 1, Math.max(numbers.size(), 2 * now.length)));
        Arrays.fill(grown, now.length, grown.length, Double.NaN);
        known = grown;
        return grown;
    }
}
