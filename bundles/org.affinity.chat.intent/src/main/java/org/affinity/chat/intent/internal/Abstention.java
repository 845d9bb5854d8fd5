package org.affinity.chat.intent.internal;

/**
 * When the chat should not act on the top intent: its calibrated probability is under
 * {@code threshold}, it leads the runner-up by less than {@code margin}, or (with
 * {@code outOfScope}) the text is unlike the set's examples, as far as its head can tell.
 */
public record Abstention(double threshold, double margin, boolean outOfScope) {

    /** Never abstains: for measuring the bare classifier. */
    public static final Abstention NEVER = new Abstention(0, 0, false);

    public Abstention {
        if (threshold < 0 || threshold > 1 || margin < 0 || margin > 1) {
            throw new IllegalArgumentException("threshold and margin lie in [0, 1]: " + threshold + ", " + margin);
        }
    }

    public boolean abstains(double top, double runnerUp) {
        return top < threshold || top - runnerUp < margin;
    }
}
