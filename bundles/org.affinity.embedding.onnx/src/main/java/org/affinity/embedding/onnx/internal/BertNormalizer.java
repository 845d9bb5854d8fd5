package org.affinity.embedding.onnx.internal;

import java.text.Normalizer;

/**
 * The BERT normalizer of a tokenizer.json ({@code "type": "BertNormalizer"}), character for character
 * as Hugging Face tokenizers applies it: drop control characters and turn every whitespace into a
 * space; put spaces around CJK ideographs; strip accents (NFD, then drop non-spacing marks); lower-case.
 * Works on code points, so characters outside the BMP (emoji, CJK extensions) count as one.
 */
final class BertNormalizer {

    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    /** {@code stripAccents} null means "as {@code lowercase}", like the tokenizer.json default. */
    BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents == null ? lowercase : stripAccents;
        this.lowercase = lowercase;
    }

    boolean lowercase() {
        return lowercase;
    }

    String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || isControl(c)) {
                    return;
                }
                if (isWhitespace(c)) {
                    c = ' ';
                }
            }
            if (handleChineseChars && isChinese(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
            } else {
                out.appendCodePoint(c);
            }
        });
        String normalized = out.toString();
        if (stripAccents) {
            normalized = stripAccents(normalized);
        }
        if (lowercase) {
            normalized = lowercase(normalized);
        }
        return normalized;
    }

    private static String stripAccents(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * Per code point, with the full (not locale- or context-sensitive) mapping: unlike
     * String.toLowerCase, a final capital sigma stays σ, and İ becomes "i̇" as in Unicode's
     * SpecialCasing (its only unconditional multi-character lower-case mapping).
     */
    private static String lowercase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(c));
            }
        });
        return out.toString();
    }

    /** Tab, newline and carriage return count as whitespace, other Unicode White_Space too. */
    static boolean isWhitespace(int c) {
        switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }

    /**
     * Unicode "other" categories (control, format, unassigned, private use, surrogate), except the
     * tab, newline and carriage return that count as whitespace. Zero-width spaces and joiners (Cf)
     * disappear.
     */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    /** The CJK Unified Ideographs blocks BERT splits one character at a time (not kana, not Hangul). */
    static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
