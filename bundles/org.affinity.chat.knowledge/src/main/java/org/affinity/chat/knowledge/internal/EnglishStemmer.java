package org.affinity.chat.knowledge.internal;

/**
 * A light English stemmer for keyword matching: plurals, "-ing" and "-ed", a final "e" and a doubled
 * final consonant go, so refunds/refunded/refunding, change/changed/changing and cancel/cancelled
 * (British spelling) meet. Both the articles and the questions go through it, so the stems only
 * need to agree, not to be words. Lucene's Porter and KStem filters live in lucene-analysis-common,
 * which the runtime does not carry; the retrieval evaluation measures what this one is worth.
 */
final class EnglishStemmer {

    private EnglishStemmer() {
    }

    static String stem(String word) {
        if (word.length() <= 3 || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return word;
        }
        String w = word;
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zes")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("ing") && w.length() > 5 && vowel(w, w.length() - 3)) {
            w = w.substring(0, w.length() - 3);
        } else if (w.endsWith("ed") && w.length() > 4 && vowel(w, w.length() - 2)) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);
        }
        int n = w.length();
        if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && !isVowel(w.charAt(n - 1))) {
            w = w.substring(0, n - 1);
        }
        return w;
    }

    /** Whether the first {@code end} letters hold a vowel ("sing" is not s + ing). */
    private static boolean vowel(String word, int end) {
        for (int i = 0; i < end; i++) {
            if (isVowel(word.charAt(i)) || (word.charAt(i) == 'y' && i > 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }
}
