package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The BERT pre-tokenizer of a tokenizer.json ({@code "type": "BertPreTokenizer"}): splits normalized
 * text into words at whitespace (Unicode White_Space, dropped) and at punctuation, each punctuation character becoming a
 * word of its own. Punctuation is every ASCII punctuation character (so also $ + < = > ^ ` | ~) and
 * the Unicode punctuation categories.
 */
final class BertPreTokenizer {

    private BertPreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (BertNormalizer.isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    static boolean isPunctuation(int c) {
        if (c < 0x80) {
            return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
        }
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }
}
