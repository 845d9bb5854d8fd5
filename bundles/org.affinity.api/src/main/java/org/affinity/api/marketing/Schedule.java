package org.affinity.api.marketing;

import java.time.Duration;
import java.time.Instant;

/**
 * When a campaign sends.
 *
 * @param kind MANUAL (when asked), NOW (as soon as it is created), AT (once, at {@code at}), RECURRING
 *        (at {@code at}, or now, then every {@code every} until {@code until}, re-evaluating the audience
 *        each time)
 * @param at the first send
 * @param every the interval of a recurring campaign, at least an hour
 * @param until no recurring send after this, or null
 */
public record Schedule(Kind kind, Instant at, Duration every, Instant until) {

    public enum Kind {
        MANUAL, NOW, AT, RECURRING
    }

    public static final Schedule MANUAL = new Schedule(Kind.MANUAL, null, null, null);

    public Schedule {
        kind = kind == null ? Kind.MANUAL : kind;
    }
}
