package org.affinity.api.chat;

import java.util.List;

/**
 * What a text asks for.
 *
 * @param intent the top intent, always set (even when abstained)
 * @param confidence calibrated probability of the top intent, in [0, 1]
 * @param abstained true when the chat should not act on it: confidence under the set's threshold, or
 *        too close to the runner-up (out-of-scope text, gibberish, ambiguous messages)
 * @param alternatives the next most likely intents (up to three), most likely first
 * @param language the language the text was read as ("en", "zh")
 */
public record IntentPrediction(String intent, double confidence, boolean abstained, List<IntentScore> alternatives,
        String language) {

    public IntentPrediction {
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    public record IntentScore(String intent, double confidence) {
    }
}
