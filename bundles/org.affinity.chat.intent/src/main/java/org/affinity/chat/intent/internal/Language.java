package org.affinity.chat.intent.internal;

/**
 * The language a text is read as, by script: Chinese when Han characters carry a fair share of it,
 * else English. A Han character stands for about a word, so "where is my 订单" (two of them against
 * ten Latin letters) is Chinese and "I bought the 福 poster" is not.
 */
public final class Language {

    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh";

    /** Latin letters one Han character outweighs. */
    private static final int LETTERS_PER_HAN = 5;

    private Language() {
    }

    public static String of(String text) {
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                han++;
            } else if (Character.isLetter(c)) {
                letters++;
            }
        }
        return han > 0 && han * LETTERS_PER_HAN >= letters ? CHINESE : ENGLISH;
    }

    /** For people: "English", "Chinese". */
    public static String name(String language) {
        return CHINESE.equals(language) ? "Chinese" : ENGLISH.equals(language) ? "English" : language;
    }
}
