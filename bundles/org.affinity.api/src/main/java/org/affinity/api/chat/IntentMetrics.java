package org.affinity.api.chat;

import java.util.List;

/**
 * How well a set's model did on a stratified held-out share of its examples (the final model is
 * then fit on all of them).
 *
 * @param examples examples in all
 * @param intents distinct intents
 * @param heldOut examples held out for measuring
 * @param accuracy share of held-out examples whose top intent was right
 * @param macroF1 F1 averaged over intents, each counting the same
 * @param abstained share of held-out examples the chat would not act on (low confidence or margin)
 * @param confused the most confused pairs, most often first
 * @param seconds training time of the whole job, embedding included
 */
public record IntentMetrics(int examples, int intents, int heldOut, double accuracy, double macroF1, double abstained,
        List<Confusion> confused, double seconds) {

    public IntentMetrics {
        confused = confused == null ? List.of() : List.copyOf(confused);
    }

    /** Held-out examples of {@code expected} classified as {@code predicted}. */
    public record Confusion(String expected, String predicted, int count) {
    }
}
