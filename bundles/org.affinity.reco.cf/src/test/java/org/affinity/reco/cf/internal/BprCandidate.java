package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.Recommender;

/**
 * BPR-MF (Rendle et al. 2009), for {@link Experiment} only: the family the model-search issue named
 * and cf does not ship. Matrix factorisation with item biases, trained by SGD on sampled triples
 * (member, an item they bought, an item they did not), each epoch as many triples as the matrix has
 * cells; a member is scored by their learned factors, so only training members are served. Kept
 * to measure it against EASE and ALS on the same holdout (see the cf README, "Why no BPR").
 */
final class BprCandidate implements OfflineStrategy {

    private final int factors;
    private final int epochs;
    private final float learningRate;
    private final float regularisation;
    private final long seed;

    BprCandidate(int factors, int epochs, float learningRate, float regularisation, long seed) {
        this.factors = factors;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.regularisation = regularisation;
        this.seed = seed;
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        Interactions.Builder builder = new Interactions.Builder();
        training.forEach(builder::add);
        Interactions x = builder.build();
        int members = x.memberCount();
        int items = x.itemCount();
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[members * factors];
        float[] q = new float[items * factors];
        float[] bias = new float[items];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (random.nextGaussian() * 0.01);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (random.nextGaussian() * 0.01);
        }
        // A triple starts from a random cell, so members weigh by how much they bought, as in the paper's bootstrap sampling.
        int[] cellMember = new int[x.size()];
        for (int u = 0; u < members; u++) {
            Arrays.fill(cellMember, x.rowStart[u], x.rowStart[u + 1], u);
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int step = 0; step < x.size(); step++) {
                int cell = random.nextInt(x.size());
                int u = cellMember[cell];
                int i = x.rowItems[cell];
                int j = random.nextInt(items);
                while (bought(x, u, j)) {
                    j = random.nextInt(items);
                }
                int pu = u * factors;
                int qi = i * factors;
                int qj = j * factors;
                double difference = bias[i] - bias[j];
                for (int f = 0; f < factors; f++) {
                    difference += p[pu + f] * (q[qi + f] - q[qj + f]);
                }
                float g = (float) (1 / (1 + Math.exp(difference))); // d ln sigmoid(x) / dx
                bias[i] += learningRate * (g - regularisation * bias[i]);
                bias[j] += learningRate * (-g - regularisation * bias[j]);
                for (int f = 0; f < factors; f++) {
                    float pf = p[pu + f];
                    float qif = q[qi + f];
                    float qjf = q[qj + f];
                    p[pu + f] += learningRate * (g * (qif - qjf) - regularisation * pf);
                    q[qi + f] += learningRate * (g * pf - regularisation * qif);
                    q[qj + f] += learningRate * (-g * pf - regularisation * qjf);
                }
            }
        }
        return request -> {
            Integer u = x.memberIndex.get(request.memberId());
            if (u == null) {
                return List.of();
            }
            double[] scores = new double[items];
            int pu = u * factors;
            for (int j = 0; j < items; j++) {
                double score = bias[j];
                for (int f = 0; f < factors; f++) {
                    score += p[pu + f] * q[j * factors + f];
                }
                scores[j] = bought(x, u, j) ? Double.NEGATIVE_INFINITY : score;
            }
            Integer[] order = new Integer[items];
            for (int j = 0; j < items; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            List<Recommendation> result = new ArrayList<>();
            for (int k = 0; k < Math.min(request.count(), items) && scores[order[k]] > Double.NEGATIVE_INFINITY; k++) {
                result.add(new Recommendation(x.items[order[k]], scores[order[k]], "bpr"));
            }
            return result;
        };
    }

    /** Whether member u's row holds item j (rows are sorted). */
    private static boolean bought(Interactions x, int u, int j) {
        return Arrays.binarySearch(x.rowItems, x.rowStart[u], x.rowStart[u + 1], j) >= 0;
    }
}
