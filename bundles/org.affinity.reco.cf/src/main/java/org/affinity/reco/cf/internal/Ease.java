package org.affinity.reco.cf.internal;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.affinity.api.job.JobContext;

/**
 * EASE (Steck 2019), the closed-form item-item model: B = I - P diag(1/diag(P)) with
 * P = (X'X + lambda I)^-1 on the binary member x item matrix, so a member's score for item j is the
 * sum of row h of B over the items h in their history. It costs items^3 time and items^2 memory, so
 * only the {@code limit} items bought by the most members (at least two) take part; the others get
 * no EASE score. P comes from a Cholesky factor of the Gram matrix, one column per parallel task.
 *
 */
final class Ease {

    /** Row (and column) of each model item in {@link #weights}, or -1 when it is left out. */
    final int[] position;
    final int size;
    /** B, size x size, row-major: row h is what history item h adds to every item. */
    final float[] weights;
    /** The model item at each position: rows are added in position order and written to model items. */
    private final int[] items;

    Ease(int[] position, int size, float[] weights) {
        this.position = position;
        this.size = size;
        this.weights = weights;
        this.items = new int[size];
        for (int i = 0; i < position.length; i++) {
            if (position[i] >= 0) {
                items[position[i]] = i;
            }
        }
    }

    static Ease fit(Interactions data, float lambda, int limit, JobContext progress) {
        int[] kept = IntStream.range(0, data.itemCount()).filter(i -> data.itemPopularity(i) >= 2).boxed()
                .sorted((a, b) -> data.itemPopularity(b) != data.itemPopularity(a)
                        ? Integer.compare(data.itemPopularity(b), data.itemPopularity(a)) : Integer.compare(a, b))
                .limit(limit).mapToInt(Integer::intValue).sorted().toArray();
        int[] position = new int[data.itemCount()];
        Arrays.fill(position, -1);
        for (int p = 0; p < kept.length; p++) {
            position[kept[p]] = p;
        }
        int n = kept.length;
        double[] l = new double[n * n];
        int[] row = new int[data.itemCount()];
        for (int u = 0; u < data.memberCount(); u++) {
            int length = 0;
            for (int p = data.rowStart[u]; p < data.rowStart[u + 1]; p++) {
                int at = position[data.rowItems[p]];
                if (at >= 0) {
                    row[length++] = at;
                }
            }
            // Lower triangle only (rows are in item order): the factorisation reads nothing above the diagonal.
            for (int a = 0; a < length; a++) {
                int base = row[a] * n;
                for (int b = 0; b <= a; b++) {
                    l[base + row[b]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            l[i * n + i] += lambda;
        }
        progress.checkCancelled();
        choleskyInPlace(l, n, progress);
        float[] weights = new float[n * n];
        // Column c of P solves G x = e_c and gives column c of B (-x[i] / x[c]): no column waits for another.
        IntStream.range(0, n).parallel().forEach(c -> {
            if (c % 256 == 0) {
                progress.checkCancelled();
            }
            double[] x = solve(l, n, c);
            double diagonal = x[c];
            for (int i = 0; i < n; i++) {
                weights[i * n + c] = i == c ? 0f : (float) (-x[i] / diagonal);
            }
        });
        return new Ease(position, n, weights);
    }

    /** Adds row h of B for every history item h the model knows (binary history) into {@code scores}. */
    void addRow(int item, float[] scores) {
        int h = position[item];
        if (h < 0) {
            return;
        }
        int from = h * size;
        for (int j = 0; j < size; j++) {
            scores[items[j]] += weights[from + j];
        }
    }

    /** Weight of {@code to} in row {@code from} of B (model item indices), 0 when either is left out. */
    float weight(int from, int to) {
        int a = position[from];
        int b = position[to];
        return a < 0 || b < 0 ? 0f : weights[a * size + b];
    }

    /** Overwrites the lower triangle of a symmetric positive-definite matrix with its Cholesky factor L. */
    static void choleskyInPlace(double[] a, int n, JobContext progress) {
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double sum = a[rowJ + j];
            for (int k = 0; k < j; k++) {
                sum -= a[rowJ + k] * a[rowJ + k];
            }
            double d = Math.sqrt(sum);
            a[rowJ + j] = d;
            final int col = j;
            IntStream.range(j + 1, n).parallel().forEach(i -> {
                int rowI = i * n;
                double s = a[rowI + col];
                for (int k = 0; k < col; k++) {
                    s -= a[rowI + k] * a[rowJ + k];
                }
                a[rowI + col] = s / d;
            });
            if (j % 256 == 0) {
                progress.checkCancelled();
            }
        }
    }

    /** Column c of the inverse from the factor: L y = e_c (y is zero before c), then L' x = y. */
    static double[] solve(double[] l, int n, int c) {
        double[] y = new double[n];
        for (int i = c; i < n; i++) {
            double s = i == c ? 1 : 0;
            int row = i * n;
            for (int k = c; k < i; k++) {
                s -= l[row + k] * y[k];
            }
            y[i] = s / l[row + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double xi = y[i] / l[i * n + i];
            y[i] = xi;
            int row = i * n;
            for (int k = 0; k < i; k++) {
                y[k] -= l[row + k] * xi;
            }
        }
        return y;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ease that && Arrays.equals(position, that.position) && Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }
}
