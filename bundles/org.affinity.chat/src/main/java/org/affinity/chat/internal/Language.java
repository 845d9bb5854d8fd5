package org.affinity.chat.internal;

/** The language a message is written in, as far as chat needs to know: Chinese or English. */
final class Language {

    static final String ENGLISH = "en";
    static final String CHINESE = "zh";

    private Language() {
    }

    /** "zh" when Han characters carry the text (two or more, or more than Latin letters), else "en". */
    static String of(String text) {
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
}
