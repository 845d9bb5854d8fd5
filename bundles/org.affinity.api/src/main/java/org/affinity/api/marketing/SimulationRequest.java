package org.affinity.api.marketing;

import java.time.Instant;

/**
 * A targeting tried on history: decide at {@code at} with only the data before it, then see who
 * reached the goal in the following days, against random targeting of the same size.
 *
 * @param at the decision moment
 * @param audience the targeting, or null to take the campaign's
 * @param campaignId a campaign whose audience, goal and channel are used where these fields are null
 * @param goal what counts as reaching the goal (its window follows {@code at})
 * @param channel members without consent for it are not eligible (default "email")
 * @param aaRuns how many A/A runs (random against random) show the spread of chance (default 200)
 * @param seed the random seed of the random targeting and the A/A runs (default 1)
 */
public record SimulationRequest(Instant at, Audience audience, String campaignId, Goal goal, String channel,
        Integer aaRuns, Long seed) {
}
