package org.affinity.api.marketing;

import java.time.Instant;
import java.util.List;

/**
 * How a campaign did: conversions per variant against the holdout, with intervals. Fixed horizon:
 * the numbers are final once every member's goal window has closed ({@code complete}); before that
 * they are interim, and no winner is declared, however good they look (peeking at a running test
 * and stopping when it looks significant inflates false positives).
 *
 * @param firstContact when the first member was handled
 * @param horizon when the last member's goal window closes (the report is final from then on)
 * @param complete whether the horizon has passed and no run is pending
 * @param groups per variant, every variant together, holdout and global control
 * @param comparisons each variant, and all treated, against the holdout; with several variants,
 *        the best against each other one
 * @param winner at the horizon, the variant that beats every other variant with intervals that exclude
 *        0 at a Bonferroni-corrected level, or null
 * @param verdict one line for people: what can be said now
 * @param notes what the numbers mean and do not mean
 */
public record CampaignReport(String campaignId, Instant computed, Goal goal, Instant firstContact, Instant horizon,
        boolean complete, List<GroupResult> groups, List<Comparison> comparisons, String winner, String verdict,
        List<String> notes) {

    public CampaignReport {
        groups = List.copyOf(groups);
        comparisons = List.copyOf(comparisons);
        notes = List.copyOf(notes);
    }
}
