package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.Recommender;

/**
 * EASE (Steck 2019), the closed-form item-item model, as a candidate compared with implicit ALS in
 * the Experiment: B = I - P diag(1/diag(P)), P = (X'X + lambda I)^-1 on the binary member x item
 * matrix. Only items bought by at least {@code minMembers} members take part (the others are noise
 * for a Gram matrix and cost n^3); P comes from a Cholesky factor, one column per parallel task.
 */
final class EaseCandidate implements OfflineStrategy {

    private final double lambda;
    private final int minMembers;
    /** Seconds the last fit took, and its item count (reported by the Experiment). */
    volatile double fitSeconds;
    volatile int fitItems;

    EaseCandidate(double lambda, int minMembers) {
        this.lambda = lambda;
        this.minMembers = minMembers;
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        long start = System.nanoTime();
        Interactions.Builder builder = new Interactions.Builder();
        Map<String, List<Event>> byMember = new HashMap<>();
        for (Event event : training) {
            builder.add(event);
            byMember.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event);
        }
        Interactions data = builder.build();
        // Kept items: bought (positive cell) by enough members.
        int[] members = new int[data.itemCount()];
        for (int p = 0; p < data.rowItems.length; p++) {
            members[data.rowItems[p]]++;
        }
        int[] kept = IntStream.range(0, data.itemCount()).filter(i -> members[i] >= minMembers).toArray();
        int[] position = new int[data.itemCount()];
        java.util.Arrays.fill(position, -1);
        for (int k = 0; k < kept.length; k++) {
            position[kept[k]] = k;
        }
        int n = kept.length;
        double[] g = new double[n * n];
        for (int u = 0; u < data.memberCount(); u++) {
            int[] row = IntStream.range(data.rowStart[u], data.rowStart[u + 1]).map(p -> position[data.rowItems[p]])
                    .filter(k -> k >= 0).toArray();
            for (int a : row) {
                for (int b : row) {
                    g[a * n + b] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        double[] l = cholesky(g, n);
        float[] weights = new float[n * n];
        double[] diagonal = new double[n];
        // Column c of P solves G x = e_c; P is symmetric, so the column is also row c.
        double[][] columns = new double[n][];
        IntStream.range(0, n).parallel().forEach(c -> {
            double[] x = solve(l, n, c);
            columns[c] = x;
            diagonal[c] = x[c];
        });
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] pi = columns[i];
            for (int j = 0; j < n; j++) {
                weights[i * n + j] = i == j ? 0 : (float) (-pi[j] / diagonal[j]);
            }
        });
        fitItems = n;
        fitSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, History> histories = new HashMap<>();
        byMember.forEach((member, events) -> histories.put(member, History.of(events)));
        return request -> {
            History history = histories.getOrDefault(request.memberId(), History.EMPTY);
            float[] scores = new float[n];
            boolean any = false;
            for (Map.Entry<String, Float> item : history.weights().entrySet()) {
                Integer i = data.itemIndex.get(item.getKey());
                if (i != null && position[i] >= 0 && item.getValue() > 0) {
                    any = true;
                    int from = position[i] * n;
                    for (int j = 0; j < n; j++) {
                        scores[j] += weights[from + j];
                    }
                }
            }
            List<Recommendation> result = new ArrayList<>();
            if (!any) {
                return result;
            }
            TopK top = new TopK(request.count());
            for (int j = 0; j < n; j++) {
                String id = data.items[kept[j]];
                if (!history.bought().contains(id) && !request.filters().exclude().contains(id)) {
                    top.offer(j, scores[j]);
                }
            }
            int[] ids = top.ids();
            float[] s = top.scores();
            for (int p = 0; p < ids.length; p++) {
                result.add(new Recommendation(data.items[kept[ids[p]]], s[p], ""));
            }
            return result;
        };
    }

    /** Lower Cholesky factor of a symmetric positive-definite matrix (row-major, lower triangle filled). */
    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double sum = a[j * n + j];
            int rowJ = j * n;
            for (int k = 0; k < j; k++) {
                sum -= l[rowJ + k] * l[rowJ + k];
            }
            double d = Math.sqrt(sum);
            l[rowJ + j] = d;
            final int col = j;
            IntStream.range(j + 1, n).parallel().forEach(i -> {
                int rowI = i * n;
                double s = a[rowI + col];
                for (int k = 0; k < col; k++) {
                    s -= l[rowI + k] * l[rowJ + k];
                }
                l[rowI + col] = s / d;
            });
        }
        return l;
    }

    /** Column c of the inverse: L y = e_c (y is zero before c), then L' x = y. */
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
}
