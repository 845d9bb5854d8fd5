package org.affinity.reco.content.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The share of one thread that background work (filling and refreshing neighbour lists) may take:
 * after each step it rests long enough to stay at that share. On 2 cores a catalogue's searches at
 * full speed took one core for ~40-70 s under load and doubled the requests' p99 meanwhile. The work
 * stops when {@code stopped} says so (the owner stopped; threads are never interrupted, see
 * ContentStrategy).
 */
record Pace(double share, BooleanSupplier stopped) {

    static final Pace FULL = new Pace(1);

    Pace(double share) {
        this(share, () -> false);
    }

    Pace {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of the CPU between 0 (exclusive) and 1, was " + share);
        }
    }

    boolean isStopped() {
        return stopped.getAsBoolean();
    }

    /** Rests after a step that took {@code workedNanos}. */
    void rest(long workedNanos) throws InterruptedException {
        long rest = restNanos(workedNanos);
        if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
        }
    }

    /** How long to rest after that much work: at share s, work is s of the time spent. */
    long restNanos(long workedNanos) {
        return share >= 1 || workedNanos <= 0 ? 0 : (long) (workedNanos * (1 - share) / share);
    }
}
