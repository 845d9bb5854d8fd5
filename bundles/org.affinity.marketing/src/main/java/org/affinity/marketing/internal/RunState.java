package org.affinity.marketing.internal;

import java.time.Instant;

import org.affinity.api.marketing.Campaign;

/**
 * A run's header, saved as run.json whenever its state changes.
 *
 * @param resumeAt when a paused run resumes by itself (quiet hours ending), or null
 * @param file the hand-off file's name in the outbox (FILE delivery), or null
 */
record RunState(int number, Instant started, Instant finished, Campaign.State state, long matched, long withoutConsent,
        long globalControl, long holdout, long treated, String model, String message, Instant resumeAt, String file,
        boolean transactional, String channel) {

    RunState with(Campaign.State newState, Instant newFinished, String newMessage, Instant newResumeAt) {
        return new RunState(number, started, newFinished, newState, matched, withoutConsent, globalControl, holdout, treated,
                model, newMessage, newResumeAt, file, transactional, channel);
    }

    RunState minusMember(String group) {
        return new RunState(number, started, finished, state, matched - 1, withoutConsent,
                globalControl - (PlanEntry.GLOBAL_CONTROL.equals(group) ? 1 : 0), holdout - (PlanEntry.HOLDOUT.equals(group) ? 1 : 0),
                treated - (PlanEntry.TREATED.equals(group) ? 1 : 0), model, message, resumeAt, file, transactional, channel);
    }
}
