package org.affinity.chat.knowledge.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Language codes of articles and questions: normalised, validated, and guessed from text. */
final class Languages {

    static final String ENGLISH = "en";
    static final String CHINESE = "zh";

    /** A primary language subtag with an optional region or script ("zh", "en-GB", "zh-Hans"). */
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    private Languages() {
    }

    /** The primary subtag in lower case ("zh-Hans" -> "zh"), or null when it is not a language tag. */
    static String normalise(String tag) {
        if (tag == null || !TAG.matcher(tag.strip()).matches()) {
            return null;
        }
        String primary = tag.strip().split("[-_]")[0];
        return primary.toLowerCase(Locale.ROOT);
    }

    /**
     * "zh" when the text has at least as many Han characters as Latin words (a Han character carries
     * about a word; Chinese questions often quote product names in English), otherwise "en": the two
     * languages the shipped models read.
     */
    static String detect(String text) {
        int han = 0;
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean latin = Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                han++;
            } else if (latin && !inWord) {
                words++;
            }
            inWord = latin;
        }
        return han > 0 && han >= words ? CHINESE : ENGLISH;
    }
}
