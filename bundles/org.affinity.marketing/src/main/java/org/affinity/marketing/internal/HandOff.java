package org.affinity.marketing.internal;

import java.io.IOException;
import java.util.Set;

/** Where a run's rendered messages go. One hand-off at a time per run, from the run's thread. */
interface HandOff extends AutoCloseable {

    /**
     * Members of this run the destination already holds (a file keeps them), so that a resumed run
     * records them as sent instead of handing them off again; empty when only the ledger can tell.
     */
    Set<String> delivered() throws IOException;

    /**
     * Hands one message off; returns once the destination has it.
     *
     * @throws Refused when the destination did not take it (it goes to the dead-letter file)
     */
    void deliver(Message message) throws Refused, InterruptedException;

    /** Makes what was handed off so far durable (a no-op for a webhook). */
    void force();

    @Override
    void close() throws IOException;

    /** The destination did not take a message. */
    final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        final int attempts;
        /** Whether trying later might succeed (the receiver failed or was unreachable, rather than refusing). */
        final boolean transientFailure;

        Refused(String message, int attempts, boolean transientFailure) {
            super(message);
            this.attempts = attempts;
            this.transientFailure = transientFailure;
        }
    }
}
