package org.affinity.api.marketing;

/**
 * One group against another (a variant or all treated against the holdout, or variant against variant).
 *
 * @param absoluteUplift difference of conversion rates (group minus against)
 * @param absoluteInterval 95% Newcombe hybrid score interval of the difference (method 10 of Newcombe 1998)
 * @param relativeUplift ratio of the rates minus 1, or null when the other rate is 0
 * @param relativeInterval 95% interval of the relative uplift (MOVER-R from Wilson intervals,
 *        Donner and Zou 2012), or null when the other rate is 0
 * @param z the two-proportion z statistic (pooled)
 * @param pValue its two-sided p-value
 * @param revenuePerMemberDifference difference of revenue per member
 * @param revenueInterval 95% Welch interval of that difference
 * @param significant whether the absolute interval excludes 0 at the report's level
 */
public record Comparison(String group, String against, double absoluteUplift, Interval absoluteInterval,
        Double relativeUplift, Interval relativeInterval, double z, double pValue, double revenuePerMemberDifference,
        Interval revenueInterval, boolean significant) {
}
