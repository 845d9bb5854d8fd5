package org.affinity.reco.evaluation.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.Holdout;

/** Accumulates ranking metrics over test members' recommendation lists (best first). */
final class RankingMetrics {

    private final Map<String, Integer> popularityRank;
    private final int unseenRank;
    private final Set<String> recommended = new HashSet<>();
    private int members;
    private double recall10;
    private double recall20;
    private double ndcg10;
    private double map10;
    private double rankSum;
    private long rankCount;

    /** @param popularityRank training popularity rank per item (1 = best seller) */
    RankingMetrics(Map<String, Integer> popularityRank) {
        this.popularityRank = popularityRank;
        this.unseenRank = popularityRank.size() + 1;
    }

    synchronized void add(List<String> ranked, Set<String> relevant) {
        members++;
        int hits = 0;
        double precisionSum = 0;
        for (int i = 0; i < Math.min(20, ranked.size()); i++) {
            boolean hit = relevant.contains(ranked.get(i));
            if (i < 10) {
                recommended.add(ranked.get(i));
                rankSum += popularityRank.getOrDefault(ranked.get(i), unseenRank);
                rankCount++;
            }
            if (hit) {
                hits++;
                if (i < 10) {
                    precisionSum += (double) hits / (i + 1);
                }
            }
            if (i == 9) {
                recall10 += (double) hits / Math.min(10, relevant.size());
            }
        }
        if (ranked.size() < 10) {
            recall10 += (double) hits / Math.min(10, relevant.size());
        }
        recall20 += (double) hits / Math.min(20, relevant.size());
        ndcg10 += Holdout.ndcg(10, ranked, relevant);
        map10 += precisionSum / Math.min(10, relevant.size());
    }

    int members() {
        return members;
    }

    double recall10() {
        return members == 0 ? 0 : recall10 / members;
    }

    double recall20() {
        return members == 0 ? 0 : recall20 / members;
    }

    double ndcg10() {
        return members == 0 ? 0 : ndcg10 / members;
    }

    double map10() {
        return members == 0 ? 0 : map10 / members;
    }

    double coverage(int catalogue) {
        return catalogue == 0 ? 0 : (double) recommended.size() / catalogue;
    }

    double popularityRank() {
        return rankCount == 0 ? 0 : rankSum / rankCount;
    }
}
