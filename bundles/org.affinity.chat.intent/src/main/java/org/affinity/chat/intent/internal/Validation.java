package org.affinity.chat.intent.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;

/**
 * What a set's name and examples must be before anything is trained, so a job never starts on input
 * it would fail on halfway. Every problem is named with the example's line.
 */
public final class Validation {

    /** Set names: lower-case letters, digits, '-' and '_', starting with a letter or digit. */
    public static final Pattern SET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Intent names: letters (any script), digits, '_', '-', '.', ':'. */
    public static final Pattern INTENT_NAME = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,64}");
    /** Most examples one set may have (memory and training time grow with them). */
    public static final int MAX_EXAMPLES = 100_000;
    public static final int MAX_INTENTS = 1_000;

    private Validation() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the name */
    public static String setName(String name) {
        if (name == null || !SET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad set name '" + name + "': use 1-64 lower-case letters, digits, '-' or '_',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    /**
     * Checks examples for training and returns them stripped of surrounding white space.
     *
     * @throws RejectedException naming every problem: blank or too long texts, bad intent names, the
     *         same text under two intents, an intent with a single example, fewer than two intents, too
     *         many examples or intents
     */
    public static List<IntentExample> examples(List<IntentExample> examples) {
        List<Rejection> rejections = new ArrayList<>();
        if (examples == null || examples.isEmpty()) {
            throw new RejectedException("nothing to train", List.of(new Rejection(0, null, "no examples")));
        }
        if (examples.size() > MAX_EXAMPLES) {
            throw new RejectedException("too many examples", List.of(new Rejection(0, null, String.format(
                    "%,d examples; a set takes at most %,d", examples.size(), MAX_EXAMPLES))));
        }
        List<IntentExample> clean = new ArrayList<>(examples.size());
        Map<String, IntentExample> byText = new HashMap<>();
        Map<String, List<IntentExample>> byIntent = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            IntentExample example = examples.get(i);
            long line = example.line() > 0 ? example.line() : i + 1;
            String text = example.text().strip();
            String intent = example.intent().strip();
            boolean good = true;
            if (text.isEmpty()) {
                rejections.add(new Rejection(line, "text", "is blank"));
                good = false;
            } else if (text.length() > IntentClassifier.MAX_TEXT) {
                rejections.add(new Rejection(line, "text", String.format("is %,d characters long; at most %,d",
                        text.length(), IntentClassifier.MAX_TEXT)));
                good = false;
            }
            if (intent.isEmpty()) {
                rejections.add(new Rejection(line, "intent", "is blank"));
                good = false;
            } else if (!INTENT_NAME.matcher(intent).matches()) {
                rejections.add(new Rejection(line, "intent", "'" + shorten(intent) + "' is not an intent name: use up to 64"
                        + " letters, digits, '_', '-', '.' or ':'"));
                good = false;
            }
            if (!good) {
                continue;
            }
            IntentExample stripped = new IntentExample(text, intent, line);
            IntentExample earlier = byText.putIfAbsent(key(text), stripped);
            if (earlier != null && !earlier.intent().equals(intent)) {
                rejections.add(new Rejection(line, "intent", "the same text is labelled '" + earlier.intent() + "' on line "
                        + earlier.line() + " and '" + intent + "' here"));
                continue;
            }
            clean.add(stripped);
            byIntent.computeIfAbsent(intent, k -> new ArrayList<>()).add(stripped);
        }
        byIntent.forEach((intent, those) -> {
            if (those.size() == 1) {
                rejections.add(new Rejection(those.get(0).line(), "intent", "'" + intent + "' has only this example;"
                        + " an intent needs at least two (one to learn from, one to check)"));
            }
        });
        Map<String, Map<String, List<Long>>> byLanguage = new TreeMap<>();
        for (IntentExample example : clean) {
            byLanguage.computeIfAbsent(Language.of(example.text()), l -> new TreeMap<>())
                    .computeIfAbsent(example.intent(), i -> new ArrayList<>()).add(example.line());
        }
        if (byIntent.size() >= 2) {
            byLanguage.forEach((language, intents) -> {
                if (intents.size() == 1) {
                    Map.Entry<String, List<Long>> only = intents.entrySet().iterator().next();
                    List<Long> lines = only.getValue();
                    rejections.add(new Rejection(lines.get(0), "text", "the " + Language.name(language) + " examples ("
                            + (lines.size() == 1 ? "only this line" : "lines " + lines.subList(0, Math.min(5, lines.size()))
                                    + (lines.size() > 5 ? "..." : "")) + ") are all '" + only.getKey() + "': each language"
                            + " a set is written in is read by a classifier of its own, which needs examples of at least"
                            + " two intents"));
                }
            });
        }
        if (rejections.isEmpty() && byIntent.size() < 2) {
            rejections.add(new Rejection(0, "intent", "every example is labelled '" + byIntent.keySet().iterator().next()
                    + "': a set needs at least two intents"));
        }
        if (byIntent.size() > MAX_INTENTS) {
            rejections.add(new Rejection(0, "intent", String.format("%,d intents; a set takes at most %,d",
                    byIntent.size(), MAX_INTENTS)));
        }
        if (!rejections.isEmpty()) {
            rejections.sort(java.util.Comparator.comparingLong(Rejection::line));
            throw new RejectedException("the examples cannot be trained", rejections);
        }
        return clean;
    }

    /** Texts that differ only in case and spacing are the same text. */
    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * A text to classify.
     *
     * @throws IllegalArgumentException when blank or longer than {@link IntentClassifier#MAX_TEXT}
     */
    public static String text(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the text is blank: send what the customer wrote");
        }
        if (text.length() > IntentClassifier.MAX_TEXT) {
            throw new IllegalArgumentException(String.format("the text is %,d characters long; at most %,d are classified",
                    text.length(), IntentClassifier.MAX_TEXT));
        }
        return text;
    }
}
