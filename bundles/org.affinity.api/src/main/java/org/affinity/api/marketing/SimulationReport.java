package org.affinity.api.marketing;

import java.time.Instant;
import java.util.List;

/**
 * What a targeting would have reached on history. This measures targeting precision (who went on
 * to reach the goal anyway), not causal uplift: no one was sent anything.
 *
 * @param at the decision moment; profiles were rebuilt from the events before it
 * @param goalEnd the end of the goal window
 * @param model the embedding model of the vectors used, or null
 * @param eligible members known before {@code at} with consent for the channel
 * @param converters eligible members who reached the goal in the window
 * @param baseRate converters / eligible: the expected precision of random targeting
 * @param targeted the targeting's audience
 * @param random a random audience of the same size from the same eligible members
 * @param liftRatio targeted precision / base rate (what random targeting reaches on average), or null when nobody converted
 * @param liftInterval 95% interval of the lift ratio: the Wilson interval of the targeted precision over the base
 *        rate (the base rate is counted over every eligible member, so it has no sampling error), or null
 * @param qini the Qini coefficient of the targeting's ranking of every eligible member: the area
 *        between its cumulative-gain curve and random targeting's diagonal, over the same area for a
 *        perfect ranking (1 perfect, 0 no better than random)
 * @param gain the cumulative-gain curve: share of eligible members targeted, share of converters reached
 * @param aa what chance alone does: random against random audiences of the same size
 * @param seconds how long the simulation took (profiles as of {@code at} included)
 */
public record SimulationReport(Instant at, Instant goalEnd, String targeting, Goal goal, String model, long eligible,
        long converters, double baseRate, TargetingResult targeted, TargetingResult random, Double liftRatio,
        Interval liftInterval, double qini, List<GainPoint> gain, AaResult aa, double seconds, List<String> notes) {

    public SimulationReport {
        gain = List.copyOf(gain);
        notes = List.copyOf(notes);
    }

    /**
     * @param members audience size
     * @param converters of those, members who reached the goal
     * @param precision converters / members
     * @param recall converters / all converters among the eligible
     */
    public record TargetingResult(long members, long converters, double precision, double recall) {
    }

    /** A point of the cumulative-gain curve. */
    public record GainPoint(double targetedShare, double convertersShare) {
    }

    /**
     * Random against random, {@code runs} times, each with the targeting's audience size.
     *
     * @param liftP025 2.5th percentile of the lift ratio of a random audience (its precision over the base rate)
     * @param liftP50 the median
     * @param liftP975 97.5th percentile: a targeting whose lift interval lies wholly above it beats what chance
     *        reaches in 39 of 40 tries
     * @param falsePositiveRate share of runs in which the 95% Newcombe interval of two random audiences' difference
     *        excluded 0 (should be near 5%)
     */
    public record AaResult(int runs, double liftP025, double liftP50, double liftP975, double falsePositiveRate) {
    }
}
