package org.affinity.api.marketing;

import java.time.Instant;
import java.util.List;

/**
 * A campaign: who (audience), to what end (goal), how (channel, content, delivery), when (schedule),
 * measured against a holdout. To create one, pass a campaign with the definition fields; the service
 * sets id (unless given), state, times and runs.
 *
 * @param id stable identifier: lower-case letters, digits, '-' or '_'
 * @param name display name
 * @param channel "email", "sms", "push" or "in-app": decides the consent asked for and the frequency cap
 * @param holdout the share of the audience kept out to measure uplift, in [0, 0.9]; deterministic per
 *        member and campaign
 * @param transactional exempt from frequency caps and quiet hours (order and account messages);
 *        consent is still required
 * @param runs every send so far, oldest first (a recurring campaign has one per occurrence)
 * @param nextRun when the scheduler sends next, or null
 */
public record Campaign(String id, String name, Audience audience, Goal goal, String channel, Content content,
        Schedule schedule, double holdout, boolean transactional, Delivery delivery, State state, Instant created,
        Instant updated, List<CampaignRun> runs, Instant nextRun) {

    public enum State {
        /** Defined, waiting for a send to be asked for. */
        DRAFT,
        /** Waiting for its scheduled time. */
        SCHEDULED,
        /** A run is in progress. */
        SENDING,
        /** A run stopped before everyone was handled (receiver unreachable, job cancelled, quiet hours): send resumes it. */
        PAUSED,
        /** Every run is finished and none is scheduled. */
        SENT,
        /** Stopped for good. */
        CANCELLED
    }

    public Campaign {
        runs = runs == null ? List.of() : List.copyOf(runs);
        schedule = schedule == null ? Schedule.MANUAL : schedule;
        delivery = delivery == null ? Delivery.FILE : delivery;
    }

    /** The definition fields only, for creating a campaign. */
    public static Campaign define(String id, String name, Audience audience, Goal goal, String channel, Content content,
            Schedule schedule, double holdout, boolean transactional, Delivery delivery) {
        return new Campaign(id, name, audience, goal, channel, content, schedule, holdout, transactional, delivery, null,
                null, null, null, null);
    }

    /** The latest run, or null before the first send. */
    public CampaignRun lastRun() {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1);
    }
}
