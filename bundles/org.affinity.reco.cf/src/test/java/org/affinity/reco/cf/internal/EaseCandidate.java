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
 * the Experiment: B = I - P diag(1/diag(P)), P = (X'X + lambda I)^-1 on the binary matrix.
 */
final class EaseCandidate implements OfflineStrategy {

    private final double lambda;

    EaseCandidate(double lambda) {
        this.lambda = lambda;
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        Interactions.Builder builder = new Interactions.Builder();
        Map<String, List<Event>> byMember = new HashMap<>();
        for (Event event : training) {
            builder.add(event);
            byMember.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event);
        }
        Interactions data = builder.build();
        int n = data.itemCount();
        double[][] g = new double[n][n];
        for (int u = 0; u < data.memberCount(); u++) {
            for (int p = data.rowStart[u]; p < data.rowStart[u + 1]; p++) {
                for (int q = data.rowStart[u]; q < data.rowStart[u + 1]; q++) {
                    g[data.rowItems[p]][data.rowItems[q]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i][i] += lambda;
        }
        double[][] inv = invert(g);
        float[][] b = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = i == j ? 0 : (float) (-inv[i][j] / inv[j][j]);
            }
        }
        Map<String, History> histories = new HashMap<>();
        byMember.forEach((member, events) -> histories.put(member, History.of(events)));
        return request -> {
            History history = histories.getOrDefault(request.memberId(), History.EMPTY);
            float[] scores = new float[n];
            for (String item : history.weights().keySet()) {
                Integer i = data.itemIndex.get(item);
                if (i != null) {
                    for (int j = 0; j < n; j++) {
                        scores[j] += b[i][j];
                    }
                }
            }
            TopK top = new TopK(request.count());
            for (int j = 0; j < n; j++) {
                if (!history.bought().contains(data.items[j]) && !history.weights().isEmpty()) {
                    top.offer(j, scores[j]);
                }
            }
            List<Recommendation> result = new ArrayList<>();
            int[] ids = top.ids();
            float[] s = top.scores();
            for (int p = 0; p < ids.length; p++) {
                result.add(new Recommendation(data.items[ids[p]], s[p], ""));
            }
            return result;
        };
    }

    /** Gauss-Jordan inverse of a symmetric positive-definite matrix (no pivoting needed). */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            inv[i][i] = 1;
        }
        for (int c = 0; c < n; c++) {
            double pivot = a[c][c];
            double[] ac = a[c];
            double[] ic = inv[c];
            for (int j = 0; j < n; j++) {
                ac[j] /= pivot;
                ic[j] /= pivot;
            }
            final int col = c;
            IntStream.range(0, n).parallel().forEach(r -> {
                if (r != col) {
                    double f = a[r][col];
                    if (f != 0) {
                        double[] ar = a[r];
                        double[] ir = inv[r];
                        for (int j = 0; j < n; j++) {
                            ar[j] -= f * ac[j];
                            ir[j] -= f * ic[j];
                        }
                    }
                }
            });
        }
        return inv;
    }
}
