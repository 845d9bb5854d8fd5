package org.affinity.chat.intent.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The surface features of a text, as strings: words and word pairs, and character n-grams inside
 * each word (with its boundaries, so "<re" tells a word start). Character n-grams carry what the
 * sentence embedding blurs: misspellings ("cancelation", "adress"), run-on words and, for Chinese,
 * which has no spaces, the words themselves: a run of Han characters is one "word" whose 1-3 grams
 * are its characters and likely words.
 * <p>
 * Text is NFKC-normalised (full-width forms fold), lower-cased, and every digit reads as 0, so
 * "order 12345" and "order 67890" share their features.
 *
 * @param words whether words (and word pairs) are features
 * @param charMin shortest character n-gram of a Latin word (0: none)
 * @param charMax longest character n-gram of a Latin word
 * @param hanMax longest character n-gram of a Han run (0: none; shortest is 1)
 */
public record Ngrams(boolean words, int charMin, int charMax, int hanMax) {

    /** Words and word pairs, character 3-5-grams, Han 1-3-grams: what the shipped heads use. */
    public static final Ngrams DEFAULT = new Ngrams(true, 3, 5, 3);
    /** No surface features at all (an embedding-only head). */
    public static final Ngrams NONE = new Ngrams(false, 0, 0, 0);

    /** Prefix of word features; {@link #CHAR} of character n-grams, so the two blocks can be weighed apart. */
    static final char WORD = 'w';
    static final char CHAR = 'c';

    public boolean any() {
        return words || charMin > 0 || hanMax > 0;
    }

    /** Every feature of {@code text}, repeats included (they count as term frequency). */
    public void each(String text, Consumer<String> feature) {
        List<String> tokens = tokens(text);
        String previous = null;
        for (String token : tokens) {
            boolean han = isHan(token.codePointAt(0));
            if (words) {
                feature.accept(WORD + token);
                if (previous != null) {
                    feature.accept(WORD + previous + ' ' + token);
                }
                previous = token;
            }
            if (han) {
                grams(token, 1, hanMax, false, feature);
            } else if (charMin > 0) {
                grams(token, charMin, charMax, true, feature);
            }
        }
    }

    public List<String> all(String text) {
        List<String> features = new ArrayList<>();
        each(text, features::add);
        return features;
    }

    /**
     * The text's words: runs of letters, digits and apostrophes (Latin and other scripts), and runs of
     * Han characters, which never join a Latin word ("iphone手机" is two).
     */
    static List<String> tokens(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean tokenHan = false;
        for (int i = 0; i < normal.length();) {
            int c = normal.codePointAt(i);
            i += Character.charCount(c);
            boolean han = isHan(c);
            boolean wordChar = han || Character.isLetterOrDigit(c) || (c == '\'' && token.length() > 0 && !tokenHan);
            if (!wordChar || (token.length() > 0 && han != tokenHan)) {
                flush(token, tokens);
            }
            if (wordChar) {
                token.appendCodePoint(Character.isDigit(c) ? '0' : c);
                tokenHan = han;
            }
        }
        flush(token, tokens);
        return tokens;
    }

    private static void flush(StringBuilder token, List<String> tokens) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '\'') {
            end--;
        }
        if (end > 0) {
            tokens.add(token.substring(0, end));
        }
        token.setLength(0);
    }

    /** n-grams of code points, min..max long; a bounded word gets '<' and '>' around it first. */
    private static void grams(String token, int min, int max, boolean bounded, Consumer<String> feature) {
        if (max < min || min < 1) {
            return;
        }
        int[] points = (bounded ? "<" + token + ">" : token).codePoints().toArray();
        StringBuilder gram = new StringBuilder(max * 2 + 1);
        for (int n = min; n <= max; n++) {
            for (int start = 0; start + n <= points.length; start++) {
                gram.setLength(0);
                gram.append(CHAR);
                for (int k = start; k < start + n; k++) {
                    gram.appendCodePoint(points[k]);
                }
                feature.accept(gram.toString());
            }
        }
    }

    static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }
}
