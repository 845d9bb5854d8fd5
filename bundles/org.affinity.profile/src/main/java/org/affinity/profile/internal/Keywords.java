package org.affinity.profile.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a title or of a member's text that can carry an interest: lower case, letters only,
 * at least three long, without function words and pack-size words that every product title has
 * ("set of 4", "assorted", "small").
 */
final class Keywords {

    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "from", "into", "your", "you", "our", "are", "was", "this", "that", "not",
            "but", "all", "any", "can", "has", "have", "had", "its", "it's", "of", "in", "on", "to", "a", "an",
            "set", "sets", "pack", "packs", "piece", "pieces", "pcs", "assorted", "asst", "small", "large", "medium",
            "mini", "jumbo", "big", "size", "colour", "colours", "color", "colors", "design", "designs", "style",
            "new", "item", "items", "product", "products", "each", "per", "one", "two", "three", "four", "six",
            "twelve", "dozen", "box", "boxes", "what", "where", "when", "how", "who", "why", "which", "there",
            "their", "they", "them", "would", "could", "should", "will", "just", "very", "too", "also", "about",
            "some", "more", "most", "than", "then", "out", "off", "over", "under", "only", "own", "same", "such");

    private Keywords() {
    }

    /** The distinct keywords of a text, in order of first appearance. */
    static Set<String> of(String text) {
        Set<String> words = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                word.append(Character.toLowerCase(c));
            } else if (c == '\'' && word.length() > 0) {
                continue; // "children's" -> "childrens"
            } else {
                add(words, word);
                word.setLength(0);
            }
        }
        return words;
    }

    private static void add(Set<String> words, StringBuilder word) {
        if (word.length() >= 3) {
            String candidate = word.toString().toLowerCase(Locale.ROOT);
            if (!STOP.contains(candidate)) {
                words.add(candidate);
            }
        }
    }
}
