package org.affinity.chat.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.chat.LanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a language model reword an answer without letting it change the facts: the answer it gets
 * is final in content, and a rewording that loses any number (order id, amount, date, points) or
 * comes back empty is discarded for the plain answer.
 */
final class Rephraser {

    private static final Logger LOG = LoggerFactory.getLogger(Rephraser.class);
    private static final Pattern FACT = Pattern.compile("\\d+(?:[.,]\\d+)*");

    private Rephraser() {
    }

    static String rephrase(LanguageModel model, String question, String answer, String language, Duration timeout) {
        String system = "You are the customer-service assistant of an online gift shop. Reword the draft answer to the "
                + "customer's message so it reads naturally and kindly, in "
                + (Language.CHINESE.equals(language) ? "simplified Chinese" : "British English")
                + ". Keep every fact exactly: numbers, amounts, dates, order ids, item names and article titles. "
                + "Add no facts, promises or links. Answer with the reworded text only.";
        String user = "Customer: " + question + "\n\nDraft answer:\n" + answer;
        try {
            String reworded = model.complete(List.of(new LanguageModel.Message("system", system),
                    new LanguageModel.Message("user", user)), timeout);
            if (reworded == null || reworded.isBlank()) {
                return answer;
            }
            String missing = missingFact(answer, reworded);
            if (missing != null) {
                LOG.debug("rewording by {} dropped '{}'; the plain answer is sent", model.model(), missing);
                return answer;
            }
            return reworded.strip();
        } catch (IOException | RuntimeException e) {
            LOG.debug("rewording by {} failed ({}); the plain answer is sent", model.model(), e.getMessage());
            return answer;
        }
    }

    /** A number of the answer that the rewording lacks, or null when it kept them all. */
    static String missingFact(String answer, String reworded) {
        Matcher facts = FACT.matcher(answer);
        while (facts.find()) {
            if (!reworded.contains(facts.group())) {
                return facts.group();
            }
        }
        return null;
    }
}
