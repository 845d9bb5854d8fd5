package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.affinity.api.marketing.Interval;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The interval maths against published worked examples: Newcombe (1998), "Interval estimation for the
 * difference between independent proportions: comparison of eleven methods", Statistics in Medicine
 * 17:873-890, Table II, method 10 (the hybrid score interval); and the single-proportion score interval
 * of Newcombe's companion paper (Statistics in Medicine 17:857-872, 81 of 263).
 */
class ProportionsTest {

    private static final double Z95 = Proportions.z(0.95);

    @Test
    void zOf95PercentIsTheTextbookValue() {
        assertEquals(1.959964, Z95, 1e-6);
    }

    @Test
    void wilsonScoreIntervalOf81Of263() {
        Interval interval = Proportions.wilson(81, 263, Z95);
        assertEquals(0.2553, interval.lower(), 5e-5);
        assertEquals(0.3662, interval.upper(), 5e-5);
    }

    @ParameterizedTest(name = "{0}/{1} - {2}/{3}: {4} to {5}")
    @CsvSource({
        "56, 70, 48, 80,  0.0524, 0.3339",
        " 9, 10,  3, 10,  0.1705, 0.8090",
        " 5, 56,  0, 29, -0.0381, 0.1926",
        " 0, 10,  0, 20, -0.1611, 0.2775",
        " 0, 10,  0, 10, -0.2775, 0.2775",
        "10, 10,  0, 20,  0.6791, 1.0000",
        "10, 10,  0, 10,  0.6075, 1.0000"})
    void newcombeMethod10MatchesTheWorkedExamples(long x1, long n1, long x2, long n2, double lower, double upper) {
        Interval interval = Proportions.newcombe(x1, n1, x2, n2, Z95);
        assertEquals(lower, interval.lower(), 5e-5);
        assertEquals(upper, interval.upper(), 5e-5);
    }

    /**
     * MOVER-R (Donner and Zou 2012) for 56/70 over 48/80, worked by hand from the Wilson limits
     * (0.69183, 0.87695) and (0.49045, 0.70038): lower = (0.48 - sqrt(0.48^2 - 0.69183*0.70038*(1.6-0.69183)
     * *(1.2-0.70038))) / (0.70038*(1.2-0.70038)) = 1.0783; upper = (0.48 + sqrt(0.48^2 - 0.87695*0.49045
     * *(1.6-0.87695)*(1.2-0.49045))) / (0.49045*(1.2-0.49045)) = 1.6629. The ratio itself is 1.3333.
     */
    @Test
    void ratioIntervalWorkedByHand() {
        Interval ratio = Proportions.ratio(56, 70, 48, 80, Z95);
        assertEquals(1.0783, ratio.lower(), 5e-4);
        assertEquals(1.6629, ratio.upper(), 5e-4);
        assertTrue(ratio.contains(0.8 / 0.6));
        assertNull(Proportions.ratio(3, 10, 0, 10, Z95), "no finite ratio against zero conversions");
    }

    /** The pooled z for 56/70 vs 48/80: pooled p = 104/150, se = sqrt(p(1-p)(1/70+1/80)) = 0.07547, z = 2.650;
     * two-sided p = 0.00803. */
    @Test
    void twoProportionTestWorkedByHand() {
        double z = Proportions.zStatistic(56, 70, 48, 80);
        assertEquals(2.650, z, 1e-3);
        assertEquals(0.00803, Proportions.pValue(z), 1e-4);
        assertEquals(1.0, Proportions.pValue(0), 1e-12);
    }

    /**
     * Welch for (1, 2, 3, 4) against (2, 4, 6, 8, 10): means 2.5 and 6, variances 1.6667 and 10,
     * se = sqrt(1.6667/4 + 10/5) = 1.5546, df = 2.41667^2 / (0.41667^2/3 + 2^2/4) = 5.5208,
     * t(0.975, 5.5208) = 2.4993: -3.5 -/+ 3.8854.
     */
    @Test
    void welchIntervalWorkedByHand() {
        Welch.Sample a = new Welch.Sample();
        for (double v : new double[] {1, 2, 3, 4}) {
            a.add(v);
        }
        Welch.Sample b = new Welch.Sample();
        for (double v : new double[] {2, 4, 6, 8, 10}) {
            b.add(v);
        }
        Interval interval = Welch.interval(a, b, 0.95);
        assertEquals(-3.5 - 3.8854, interval.lower(), 2e-3);
        assertEquals(-3.5 + 3.8854, interval.upper(), 2e-3);
    }
}
