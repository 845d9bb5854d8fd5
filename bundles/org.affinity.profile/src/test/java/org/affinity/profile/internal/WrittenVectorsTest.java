package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class WrittenVectorsTest {

    private static final int DIMENSIONS = 384;

    @Test
    void neverSkipsAMoveBeyondTheBoundAndStillSkipsSmallOnes() {
        SplittableRandom random = new SplittableRandom(11);
        int skipped = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            WrittenVectors written = new WrittenVectors();
            float[] before = unit(random);
            assertTrue(written.moved("m", before), "a member's first vector is written");
            // A move of a random size around the bound, in a random direction.
            double move = WrittenVectors.MIN_MOVE * random.nextDouble(0, 2.5);
            float[] after = rotate(random, before, move);
            double cosine = Lookalike.dot(before, after);
            boolean wrote = written.moved("m", after);
            if (1 - cosine > WrittenVectors.MIN_MOVE) {
                assertTrue(wrote, "moved by " + (1 - cosine) + " but not written");
            }
            if (1 - cosine < WrittenVectors.MIN_MOVE / 5) {
                assertFalse(wrote, "a move of " + (1 - cosine) + " needs no write");
            }
            skipped += wrote ? 0 : 1;
        }
        assertTrue(skipped > 400, "8-bit memory still spares most small moves: " + skipped);
    }

    @Test
    void aVanishedVectorIsWrittenOnceAsARemoval() {
        WrittenVectors written = new WrittenVectors();
        assertTrue(written.moved("m", unit(new SplittableRandom(3))));
        assertTrue(written.moved("m", null));
        assertFalse(written.moved("m", null));
    }

    private static float[] unit(SplittableRandom random) {
        double[] v = new double[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = random.nextGaussian();
            norm += v[i] * v[i];
        }
        float[] unit = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            unit[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return unit;
    }

    /** {@code base} turned in a random direction so that 1 - cosine = {@code move}. */
    private static float[] rotate(SplittableRandom random, float[] base, double move) {
        float[] other = unit(random);
        double dot = Lookalike.dot(base, other);
        double[] orthogonal = new double[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            orthogonal[i] = other[i] - dot * base[i];
            norm += orthogonal[i] * orthogonal[i];
        }
        double angle = Math.acos(1 - move);
        float[] turned = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            turned[i] = (float) (Math.cos(angle) * base[i] + Math.sin(angle) * orthogonal[i] / Math.sqrt(norm));
        }
        return turned;
    }
}
