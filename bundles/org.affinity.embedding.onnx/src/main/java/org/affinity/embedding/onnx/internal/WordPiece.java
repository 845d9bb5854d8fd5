package org.affinity.embedding.onnx.internal;

import java.util.Map;

/**
 * The WordPiece model of a tokenizer.json: each word becomes the longest vocabulary entries that
 * cover it from the left, pieces after the first carrying the continuation prefix ("##"). A word
 * that cannot be covered, or that is longer than the character limit, becomes the unknown token.
 */
final class WordPiece {

    private final Map<String, Integer> vocabulary;
    private final int unknownId;
    private final String continuationPrefix;
    private final int maxCharsPerWord;

    WordPiece(Map<String, Integer> vocabulary, String unknownToken, String continuationPrefix, int maxCharsPerWord) {
        this.vocabulary = Map.copyOf(vocabulary);
        Integer unknown = vocabulary.get(unknownToken);
        if (unknown == null) {
            throw new IllegalArgumentException("the vocabulary has no unknown token '" + unknownToken + "'");
        }
        this.unknownId = unknown;
        this.continuationPrefix = continuationPrefix;
        this.maxCharsPerWord = maxCharsPerWord;
    }

    Integer id(String token) {
        return vocabulary.get(token);
    }

    /** Appends the ids of {@code word} to {@code ids}. */
    void encode(String word, IntList ids) {
        int chars = word.codePointCount(0, word.length());
        if (chars > maxCharsPerWord) {
            ids.add(unknownId);
            return;
        }
        int mark = ids.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (end > start) {
                String piece = word.substring(start, end);
                found = vocabulary.get(start > 0 ? continuationPrefix + piece : piece);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                ids.truncate(mark);
                ids.add(unknownId);
                return;
            }
            ids.add(found);
            start = end;
        }
    }
}
