package org.affinity.ingest.internal;

/**
 * "WHITE HANGING HEART T-LIGHT HOLDER" becomes "White Hanging Heart T-Light Holder": shops that
 * export upper-case names get readable titles. Text that is not all upper case is left alone.
 */
final class TitleCase {

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private TitleCase() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = SPACES.matcher(text.trim()).replaceAll(" ");
        if (!trimmed.equals(trimmed.toUpperCase())) {
            return trimmed;
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        boolean wordStart = true;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isLetter(c)) {
                out.append(wordStart ? Character.toUpperCase(c) : Character.toLowerCase(c));
                wordStart = false;
            } else {
                out.append(c);
                // A new word starts after separators, not after an apostrophe ("Children's") or a digit ("3d").
                wordStart = c == ' ' || c == '-' || c == '/' || c == '(' || c == '&' || c == '+' || c == '.' || c == ',';
            }
        }
        return out.toString();
    }
}
