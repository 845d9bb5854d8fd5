package org.affinity.api.marketing;

import java.time.Instant;

/**
 * One send of a campaign: its audience frozen when it started, and what happened to each member.
 *
 * @param number 1 for the first run, counting up
 * @param started when the audience was built
 * @param finished when every member was handled, or null
 * @param state SENDING, PAUSED (resumable), SENT or CANCELLED
 * @param matched members the targeting selected, before consent
 * @param withoutConsent of those, members left out for lack of consent for the channel
 * @param globalControl members left out because they are in the global control group
 * @param holdout members kept out as this campaign's holdout
 * @param treated members meant to receive a message (matched - withoutConsent - globalControl - holdout)
 * @param sent members whose message was handed off
 * @param capped members skipped by the frequency cap
 * @param deferred members waiting for their quiet hours to end
 * @param failed members whose message went to the dead-letter file
 * @param model the embedding model of the vectors used (THEME, LOOKALIKE, variant themes), or null
 * @param message why the run paused or failed, or null
 */
public record CampaignRun(int number, Instant started, Instant finished, Campaign.State state, long matched,
        long withoutConsent, long globalControl, long holdout, long treated, long sent, long capped, long deferred,
        long failed, String model, String message) {

    /** Members still to be handled (neither sent, capped nor failed). */
    public long pending() {
        return Math.max(0, treated - sent - capped - failed);
    }
}
