package org.affinity.reco.cf.internal;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.affinity.api.job.JobContext;

/**
 * Implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008): every cell of the member x item
 * matrix is a preference 0/1 with confidence 1 + alpha x value; alternating least squares, each
 * half step solved per row by a few conjugate-gradient steps warm-started from the previous
 * factors (Takacs, Pilaszy, Tikk 2011), so an iteration costs O(nnz x k + rows x k x steps).
 * Deterministic: the seed fixes the start and rows are solved independently.
 */
final class Als {

    record Settings(int factors, int iterations, float regularization, float alpha, int cgSteps, long seed) {
    }

    private final Settings settings;

    Als(Settings settings) {
        this.settings = settings;
    }

    /** Item factors, items x k, row-major. Member factors are not kept: they are folded in per request. */
    float[] train(Interactions data, JobContext progress) {
        int k = settings.factors();
        float[] memberFactors = random(data.memberCount(), k, settings.seed());
        float[] itemFactors = random(data.itemCount(), k, settings.seed() + 1);
        for (int it = 0; it < settings.iterations(); it++) {
            progress.checkCancelled();
            solve(memberFactors, itemFactors, data.rowStart, data.rowItems, data.rowValues, data.memberCount(), progress);
            solve(itemFactors, memberFactors, data.colStart, data.colMembers, data.colValues, data.itemCount(), progress);
            progress.advance(1);
        }
        return itemFactors;
    }

    /** Gram matrix Y'Y of item factors (k x k, doubles), the shared part of every member's system. */
    static double[] gram(float[] factors, int k) {
        double[] gram = new double[k * k];
        int rows = factors.length / k;
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            for (int a = 0; a < k; a++) {
                double fa = factors[base + a];
                for (int b = a; b < k; b++) {
                    gram[a * k + b] += fa * factors[base + b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                gram[a * k + b] = gram[b * k + a];
            }
        }
        return gram;
    }

    private void solve(float[] target, float[] fixed, int[] start, int[] index, float[] values, int rows, JobContext progress) {
        int k = settings.factors();
        double[] gram = gram(fixed, k);
        IntStream.range(0, rows).parallel().forEach(r -> {
            if (r % 4096 == 0) {
                progress.checkCancelled();
            }
            double[] x = new double[k];
            for (int a = 0; a < k; a++) {
                x[a] = target[r * k + a];
            }
            solveRow(x, gram, fixed, index, values, start[r], start[r + 1], settings.regularization(), settings.alpha(),
                    settings.cgSteps());
            for (int a = 0; a < k; a++) {
                target[r * k + a] = (float) x[a];
            }
        });
    }

    /**
     * Solves (G + Y_r'(C_r - I)Y_r + lambda I) x = Y_r' C_r p_r for one row by conjugate gradient,
     * starting from x. Rows with few cells fold in new members the same way at request time.
     */
    static void solveRow(double[] x, double[] gram, float[] fixed, int[] index, float[] values, int from, int to,
            float lambda, float alpha, int steps) {
        int k = x.length;
        double[] r = new double[k];
        multiply(gram, x, lambda, r);
        for (int a = 0; a < k; a++) {
            r[a] = -r[a];
        }
        for (int p = from; p < to; p++) {
            int base = index[p] * k;
            double confidence = 1 + alpha * values[p];
            double dot = 0;
            for (int a = 0; a < k; a++) {
                dot += fixed[base + a] * x[a];
            }
            double coefficient = confidence - (confidence - 1) * dot;
            for (int a = 0; a < k; a++) {
                r[a] += coefficient * fixed[base + a];
            }
        }
        double[] dir = r.clone();
        double[] ap = new double[k];
        double rsOld = dot(r, r);
        for (int step = 0; step < steps && rsOld > 1e-12; step++) {
            multiply(gram, dir, lambda, ap);
            for (int p = from; p < to; p++) {
                int base = index[p] * k;
                double confidence = 1 + alpha * values[p];
                double d = 0;
                for (int a = 0; a < k; a++) {
                    d += fixed[base + a] * dir[a];
                }
                d *= confidence - 1;
                for (int a = 0; a < k; a++) {
                    ap[a] += d * fixed[base + a];
                }
            }
            double alphaStep = rsOld / dot(dir, ap);
            for (int a = 0; a < k; a++) {
                x[a] += alphaStep * dir[a];
                r[a] -= alphaStep * ap[a];
            }
            double rsNew = dot(r, r);
            for (int a = 0; a < k; a++) {
                dir[a] = r[a] + rsNew / rsOld * dir[a];
            }
            rsOld = rsNew;
        }
    }

    private static void multiply(double[] gram, double[] v, float lambda, double[] out) {
        int k = v.length;
        for (int a = 0; a < k; a++) {
            double sum = lambda * v[a];
            for (int b = 0; b < k; b++) {
                sum += gram[a * k + b] * v[b];
            }
            out[a] = sum;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] random(int rows, int k, long seed) {
        float[] factors = new float[rows * k];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < factors.length; i++) {
            factors[i] = (float) (random.nextGaussian() * 0.01);
        }
        return factors;
    }
}
