package org.affinity.api.marketing;

import java.time.Instant;

/**
 * A message sent to a segment over one channel, with a random holdout kept out to measure uplift.
 *
 * @param holdout share of the audience kept out, in [0, 1)
 */
public record Campaign(String id, String name, String segmentId, String channel, String message, double holdout,
        State state, Instant created) {

    public enum State {
        DRAFT, SENDING, SENT, CANCELLED
    }
}
