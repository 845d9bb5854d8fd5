package org.affinity.chat.intent.internal;

/**
 * The language a text is read as, by script: Chinese when Han characters carry it (two or more, or
 * at least as many as Latin letters), else English. The same rule as the chat's, so a message is
 * classified and answered in one language.
 */
public final class Language {

    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh";

    private Language() {
    }

    public static String of(String text) {
        int han = 0;
        int latin = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HAN) {
                han++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        return han >= 2 || (han > 0 && han >= latin) ? CHINESE : ENGLISH;
    }

    /** For people: "English", "Chinese". */
    public static String name(String language) {
        return CHINESE.equals(language) ? "Chinese" : ENGLISH.equals(language) ? "English" : language;
    }
}
