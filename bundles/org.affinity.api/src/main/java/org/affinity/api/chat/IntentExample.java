package org.affinity.api.chat;

import java.util.Objects;

/**
 * A labelled utterance.
 *
 * @param line where it came from (1-based line of its file or body, counting a CSV header), 0 if unknown
 */
public record IntentExample(String text, String intent, long line) {

    public IntentExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(intent, "intent");
    }

    public static IntentExample of(String text, String intent) {
        return new IntentExample(text, intent, 0);
    }
}
