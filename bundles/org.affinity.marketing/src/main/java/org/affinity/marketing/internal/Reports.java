package org.affinity.marketing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignReport;
import org.affinity.api.marketing.Comparison;
import org.affinity.api.marketing.GroupResult;
import org.affinity.api.marketing.Interval;
import org.affinity.api.store.Store;

/**
 * A campaign's report. Each member counts once, in the group of the first run that included them
 * (a recurring campaign keeps a member in the same holdout on every run, since the holdout draw is
 * per campaign and member). Everyone's goal window starts when that run built its audience, treated
 * and holdout alike (intent to treat): a cap, a deferral or a failed hand-off then cannot make the
 * treated group look better or worse than the holdout it is compared with.
 */
final class Reports {

    static final double CONFIDENCE = 0.95;
    static final String HOLDOUT = "holdout";
    static final String GLOBAL_CONTROL = "global-control";
    static final String TREATED = "treated";

    /** A member's first appearance in the campaign and what they did in their window. */
    private static final class Tracked {
        final String group;
        final Instant from;
        final Instant until;
        boolean converted;
        BigDecimal revenue = BigDecimal.ZERO;

        Tracked(String group, Instant from, Instant until) {
            this.group = group;
            this.from = from;
            this.until = until;
        }
    }

    /** Conversions and revenue of one group. */
    private static final class Tally {
        long members;
        long conversions;
        BigDecimal revenue = BigDecimal.ZERO;
        final Welch.Sample perMember = new Welch.Sample();

        void add(Tracked t) {
            members++;
            conversions += t.converted ? 1 : 0;
            revenue = revenue.add(t.revenue);
            perMember.add(t.revenue.doubleValue());
        }

        double rate() {
            return members == 0 ? 0 : (double) conversions / members;
        }
    }

    private Reports() {
    }

    static CampaignReport compute(Campaign campaign, List<RunFolder> runs, Store store, Instant now) {
        Duration window = Duration.ofDays(campaign.goal().days());
        Map<String, Tracked> tracked = new HashMap<>();
        Instant first = null;
        Instant horizon = null;
        boolean pending = false;
        for (RunFolder run : runs) {
            RunState state = run.state();
            pending |= state.state() == Campaign.State.SENDING || state.state() == Campaign.State.PAUSED;
            Instant from = state.started();
            for (PlanEntry entry : run.plan()) {
                if (tracked.containsKey(entry.m())) {
                    continue;
                }
                String group = switch (entry.g()) {
                    case PlanEntry.HOLDOUT -> HOLDOUT;
                    case PlanEntry.GLOBAL_CONTROL -> GLOBAL_CONTROL;
                    default -> "variant:" + entry.v();
                };
                tracked.put(entry.m(), new Tracked(group, from, from.plus(window)));
                first = first == null || from.isBefore(first) ? from : first;
                horizon = horizon == null || from.plus(window).isAfter(horizon) ? from.plus(window) : horizon;
            }
        }
        if (!tracked.isEmpty()) {
            GoalMatcher goal = GoalMatcher.of(campaign.goal(), store);
            Instant earliest = first;
            store.scanEvents(event -> {
                if (event.timestamp().isBefore(earliest)) {
                    return;
                }
                Tracked t = tracked.get(event.memberId());
                if (t != null && goal.reaches(event, t.from, t.until)) {
                    t.converted = true;
                    t.revenue = t.revenue.add(event.amount());
                }
            });
        }
        Map<String, Tally> tallies = new LinkedHashMap<>();
        campaign.content().variants().forEach(v -> tallies.put("variant:" + v.id(), new Tally()));
        Tally treated = new Tally();
        tallies.put(HOLDOUT, new Tally());
        tallies.put(GLOBAL_CONTROL, new Tally());
        for (Tracked t : tracked.values()) {
            tallies.computeIfAbsent(t.group, g -> new Tally()).add(t);
            if (t.group.startsWith("variant:")) {
                treated.add(t);
            }
        }
        boolean complete = !pending && horizon != null && !now.isBefore(horizon);
        double z = Proportions.z(CONFIDENCE);
        List<GroupResult> groups = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        tallies.forEach((name, tally) -> {
            if (name.startsWith("variant:")) {
                variants.add(name);
            }
            groups.add(result(name, tally, z));
            if (name.startsWith("variant:") && variants.size() == campaign.content().variants().size() && variants.size() > 1) {
                groups.add(result(TREATED, treated, z));
            }
        });
        Tally holdout = tallies.get(HOLDOUT);
        List<Comparison> comparisons = new ArrayList<>();
        if (holdout.members > 0) {
            for (String variant : variants) {
                comparisons.add(compare(variant, tallies.get(variant), HOLDOUT, holdout, CONFIDENCE));
            }
            if (variants.size() > 1) {
                comparisons.add(compare(TREATED, treated, HOLDOUT, holdout, CONFIDENCE));
            }
        }
        String winner = null;
        if (variants.size() > 1) {
            String best = variants.stream().max((a, b) -> Double.compare(tallies.get(a).rate(), tallies.get(b).rate())).orElseThrow();
            // Bonferroni: the best is compared with each of the k-1 others.
            double corrected = 1 - (1 - CONFIDENCE) / (variants.size() - 1);
            boolean beatsAll = true;
            for (String other : variants) {
                if (!other.equals(best)) {
                    Comparison c = compare(best, tallies.get(best), other, tallies.get(other), corrected);
                    comparisons.add(c);
                    beatsAll &= c.significant();
                }
            }
            winner = complete && beatsAll ? best.substring("variant:".length()) : null;
        }
        return new CampaignReport(campaign.id(), now, campaign.goal(), first, horizon, complete, groups, comparisons, winner,
                verdict(complete, horizon, holdout, comparisons, variants, winner), notes(holdout, tallies));
    }

    private static GroupResult result(String name, Tally tally, double z) {
        return new GroupResult(name, tally.members, tally.conversions, tally.rate(), Proportions.wilson(tally.conversions,
                tally.members, z), tally.revenue.setScale(2, RoundingMode.HALF_UP), tally.members == 0 ? 0
                        : tally.revenue.doubleValue() / tally.members);
    }

    private static Comparison compare(String name, Tally a, String against, Tally b, double confidence) {
        double z = Proportions.z(confidence);
        Interval absolute = Proportions.newcombe(a.conversions, a.members, b.conversions, b.members, z);
        Interval ratio = Proportions.ratio(a.conversions, a.members, b.conversions, b.members, z);
        double statistic = Proportions.zStatistic(a.conversions, a.members, b.conversions, b.members);
        return new Comparison(name, against, a.rate() - b.rate(), absolute,
                b.rate() == 0 ? null : a.rate() / b.rate() - 1,
                ratio == null ? null : new Interval(ratio.lower() - 1, ratio.upper() - 1), statistic,
                Proportions.pValue(statistic), a.perMember.mean - b.perMember.mean,
                Welch.interval(a.perMember, b.perMember, confidence), absolute.lower() > 0 || absolute.upper() < 0);
    }

    private static String verdict(boolean complete, Instant horizon, Tally holdout, List<Comparison> comparisons,
            List<String> variants, String winner) {
        if (horizon == null) {
            return "not sent yet";
        }
        if (!complete) {
            return "interim: goal windows close at " + horizon + "; numbers may move and no winner is declared before then";
        }
        StringBuilder verdict = new StringBuilder("final: ");
        if (holdout.members == 0) {
            verdict.append("no holdout, so no uplift can be measured");
        } else {
            Comparison overall = comparisons.stream().filter(c -> c.against().equals(HOLDOUT)
                    && (c.group().equals(TREATED) || variants.size() == 1)).findFirst().orElse(null);
            if (overall != null) {
                verdict.append(overall.significant()
                        ? (overall.absoluteUplift() > 0 ? "the campaign raised" : "the campaign lowered")
                                + String.format(" conversion by %.2f points (95%% interval %.2f to %.2f)", 100 * overall.absoluteUplift(),
                                        100 * overall.absoluteInterval().lower(), 100 * overall.absoluteInterval().upper())
                        : "no uplift distinguishable from chance (the 95% interval includes 0)");
            }
        }
        if (variants.size() > 1) {
            verdict.append(winner == null ? "; no variant beats the others beyond chance" : "; variant " + winner + " wins");
        }
        return verdict.toString();
    }

    private static List<String> notes(Tally holdout, Map<String, Tally> tallies) {
        List<String> notes = new ArrayList<>();
        notes.add("Intent to treat: every member counts in the group their first run assigned, from the moment that run "
                + "built its audience, whether or not their message was handed off (caps, quiet hours, failures).");
        notes.add("Intervals are 95%: Wilson for rates, Newcombe hybrid score for differences, MOVER-R for relative uplift, "
                + "Welch for revenue per member; the winner test between variants is Bonferroni-corrected.");
        if (holdout.members > 0 && holdout.members < 100) {
            notes.add("The holdout has only " + holdout.members + " members: intervals are wide.");
        }
        if (tallies.get(GLOBAL_CONTROL).members > 0) {
            notes.add("The global control group is shown for reference: members no campaign reaches.");
        }
        return notes;
    }
}
