package org.affinity.chat.intent.internal;

/**
 * When the chat should not act on the top intent: its calibrated probability is under
 * {@code threshold}, or it leads the runner-up by less than {@code margin}.
 */
public record Abstention(double threshold, double margin) {

    public Abstention {
        if (threshold < 0 || threshold > 1 || margin < 0 || margin > 1) {
            throw new IllegalArgumentException("threshold and margin lie in [0, 1]: " + threshold + ", " + margin);
        }
    }

    public boolean abstains(double top, double runnerUp) {
        return top < threshold || top - runnerUp < margin;
    }
}
