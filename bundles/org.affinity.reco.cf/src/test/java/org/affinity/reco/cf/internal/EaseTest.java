package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.affinity.api.event.Event;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;

import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** EASE's weights against the closed form computed the plain way (Gauss-Jordan inverse), on a real slice. */
class EaseTest {

    @Test
    void weightsAreTheClosedFormOnTheMostBoughtItems() {
        Interactions.Builder builder = new Interactions.Builder();
        OnlineRetailSlice.read(20_000).events.forEach(builder::add);
        Interactions data = builder.build();
        int limit = 120;
        float lambda = 50f;
        Ease ease = Ease.fit(data, lambda, limit, new RecordingJobContext());
        assertEquals(limit, ease.size);

        // The kept items are the most bought, each once.
        int[] kept = new int[limit];
        int[] counts = new int[data.itemCount()];
        for (int i = 0; i < data.itemCount(); i++) {
            counts[i] = data.itemPopularity(i);
            if (ease.position[i] >= 0) {
                kept[ease.position[i]] = i;
            }
        }
        int least = Arrays.stream(kept).map(i -> counts[i]).min().orElseThrow();
        for (int i = 0; i < data.itemCount(); i++) {
            if (ease.position[i] < 0) {
                assertTrue(counts[i] <= least, "item " + i + " bought by " + counts[i] + " left out, kept ones by " + least);
            }
        }

        // Reference: G = X'X + lambda I on the kept items, P = G^-1, B = I - P diag(1/diag(P)).
        int n = limit;
        double[][] g = new double[n][n];
        for (int u = 0; u < data.memberCount(); u++) {
            for (int p = data.rowStart[u]; p < data.rowStart[u + 1]; p++) {
                for (int q = data.rowStart[u]; q < data.rowStart[u + 1]; q++) {
                    int a = ease.position[data.rowItems[p]];
                    int b = ease.position[data.rowItems[q]];
                    if (a >= 0 && b >= 0) {
                        g[a][b] += 1;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i][i] += lambda;
        }
        double[][] inverse = invert(g);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = i == j ? 0 : -inverse[i][j] / inverse[j][j];
                largest = Math.max(largest, Math.abs(expected));
                assertEquals(expected, ease.weights[i * n + j], 1e-5, "B[" + i + "][" + j + "]");
                assertEquals(ease.weights[i * n + j], ease.weight(kept[i], kept[j]));
            }
        }
        assertTrue(largest > 1e-3, "the weights are not all zero");

        // A member's scores are the sum of their items' rows (in the weights' order).
        float[] sums = new float[ease.size];
        ease.addRow(kept[0], sums);
        ease.addRow(kept[1], sums);
        assertEquals(kept[5], ease.itemAt(5));
        assertEquals(ease.weight(kept[0], kept[5]) + ease.weight(kept[1], kept[5]), sums[5], 1e-6);
    }

    @Test
    void anEaseModelServesTheSumOfTheHistoryRowsBlendedWithNeighbourVotes() {
        OnlineRetailSlice slice = OnlineRetailSlice.read(20_000);
        Interactions.Builder builder = new Interactions.Builder();
        slice.events.forEach(builder::add);
        for (CfSettings.Family family : List.of(CfSettings.Family.EASE, CfSettings.Family.EASE_NEIGHBOURS)) {
            CfSettings settings = new CfSettings(family, new Als.Settings(8, 2, 0.1f, 10f, 3, 42), 50, 10f, 0.4f, 100f, 400);
            CfModel model = CfModel.train(1, builder.build(), slice.events.size(), settings, new RecordingJobContext());
            assertEquals(null, model.itemFactors, "EASE has no item factors");
            CfRecommendations served = new CfRecommendations(model);
            Map<String, List<Event>> byMember = slice.events.stream().collect(Collectors.groupingBy(Event::memberId));
            int compared = 0;
            for (String member : byMember.keySet().stream().sorted().limit(60).toList()) {
                History history = History.of(byMember.get(member));
                List<String> expected = reference(model, history, settings.weight());
                List<String> actual = served.forMember(history, 10, Filters.NONE, Catalogue.ANY).stream()
                        .map(Recommendation::itemId).toList();
                assertEquals(expected, actual, family.label + " for " + member);
                compared += expected.isEmpty() ? 0 : 1;
            }
            assertTrue(compared > 40, "members compared: " + compared);
        }
    }

    /** Fresh arrays, a full sort: sum of the history's EASE rows and neighbour votes, each over its maximum. */
    private static List<String> reference(CfModel model, History history, float w) {
        int n = model.items.length;
        float[] learned = new float[n];
        float[] votes = new float[n];
        boolean known = false;
        for (Map.Entry<String, Float> entry : history.weights().entrySet()) {
            Integer h = model.itemIndex.get(entry.getKey());
            if (h == null) {
                continue;
            }
            known = true;
            for (int i = 0; i < n; i++) {
                learned[i] += model.ease.weight(h, i);
            }
            for (int p = 0; p < model.neighbours.neighbours[h].length; p++) {
                votes[model.neighbours.neighbours[h][p]] += entry.getValue() * model.neighbours.similarity[h][p];
            }
        }
        if (!known) {
            return List.of();
        }
        float maxL = 0;
        float maxV = 0;
        for (int i = 0; i < n; i++) {
            maxL = Math.max(maxL, learned[i]);
            maxV = Math.max(maxV, votes[i]);
        }
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (1 - w) * (maxL > 0 ? learned[i] / maxL : 0) + (w > 0 && maxV > 0 ? w * votes[i] / maxV : 0);
        }
        return IntStream.range(0, n).boxed().filter(i -> !history.bought().contains(model.items[i]))
                .sorted(Comparator.<Integer, Float>comparing(i -> scores[i]).reversed().thenComparing(i -> i)).limit(10)
                .map(i -> model.items[i]).toList();
    }

    private static double[][] invert(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            double d = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inverse[i], 0, n);
        }
        return inverse;
    }
}
