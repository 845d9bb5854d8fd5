package org.affinity.marketing.internal;

import java.time.Instant;

/**
 * What happened to one treated member of a run, as the ledger records it.
 *
 * @param m member id
 * @param o SENT (handed off), CAPPED (frequency cap), FAILED (dead letter), NO_CONSENT (consent
 *        withdrawn after the audience was built)
 * @param at when
 */
record Outcome(String m, String o, Instant at) {

    static final String SENT = "SENT";
    static final String CAPPED = "CAPPED";
    static final String FAILED = "FAILED";
    static final String NO_CONSENT = "NO_CONSENT";
}
