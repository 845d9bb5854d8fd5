package org.affinity.api.evaluation;

/**
 * One strategy on one holdout. Ranking metrics average over test members; relevant items are the
 * held-out items the member had not bought in training (recommenders exclude bought items).
 *
 * @param holdout "temporal" or "random"
 * @param strategy strategy name
 * @param members test members
 * @param recall10 hits in the top 10 / min(10, relevant)
 * @param recall20 hits in the top 20 / min(20, relevant)
 * @param ndcg10 normalised discounted cumulative gain at 10 (binary relevance)
 * @param map10 mean average precision at 10
 * @param coverage distinct items in all top-10 lists / items in the training catalogue
 * @param popularityRank mean training popularity rank of recommended items (1 = best seller; lower
 *        means more popularity bias)
 * @param seconds time to fit the strategy and answer every test member
 * @param tuned whether the strategy was fitted after its own tuning on the training events
 *        ({@link OfflineStrategy#fitTuned}) rather than as configured (since 1.2)
 */
public record EvaluationRow(String holdout, String strategy, int members, double recall10, double recall20, double ndcg10,
        double map10, double coverage, double popularityRank, double seconds, boolean tuned) {

    /** A row for the strategy as configured. */
    public EvaluationRow(String holdout, String strategy, int members, double recall10, double recall20, double ndcg10, double map10,
            double coverage, double popularityRank, double seconds) {
        this(holdout, strategy, members, recall10, recall20, ndcg10, map10, coverage, popularityRank, seconds, false);
    }
}
