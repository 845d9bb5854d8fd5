package org.affinity.chat.knowledge.internal;

import java.io.IOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * One analyzer for every language of the articles: Unicode word breaks (StandardTokenizer), lower
 * case, English stop words and light stems, Chinese as bigrams ({@link CjkBigramFilter}). The
 * options exist for the retrieval evaluation, which measured each of them.
 */
final class TextAnalyzer extends Analyzer {

    /** What the analysis does; {@link #SHIPPED} is what the evaluation chose. */
    record Options(boolean stem, boolean stopWords, boolean unigrams) {
    }

    static final Options SHIPPED = new Options(true, true, false);

    /**
     * Function words of questions and articles: they match everything and say nothing of the topic.
     * Lucene's classic English set, plus pronouns and the verbs questions start with.
     */
    static final CharArraySet STOP_WORDS = CharArraySet.unmodifiableSet(new CharArraySet(java.util.List.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
            "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
            "will", "with", "i", "me", "my", "you", "your", "we", "us", "our", "can", "could", "would", "do", "does",
            "did", "have", "has", "had", "am", "been", "so", "what", "how", "im", "i'm", "i'd", "i'll", "please",
            "want", "wanna", "need", "help", "tell", "know", "some", "any", "about", "from", "get"), false));

    private final Options options;

    TextAnalyzer(Options options) {
        this.options = options;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(source);
        if (options.stopWords()) {
            stream = new StopFilter(stream, STOP_WORDS);
        }
        if (options.stem()) {
            stream = new StemFilter(stream);
        }
        stream = new CjkBigramFilter(stream, options.unigrams());
        return new TokenStreamComponents(source, stream);
    }

    /** Stems Latin words ({@code <ALPHANUM>} tokens); numbers and Chinese pass as they are. */
    private static final class StemFilter extends TokenFilter {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final TypeAttribute type = addAttribute(TypeAttribute.class);

        StemFilter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            if (type.type().equals("<ALPHANUM>")) {
                String stem = EnglishStemmer.stem(term.toString());
                if (stem.length() != term.length()) {
                    term.setEmpty().append(stem);
                }
            }
            return true;
        }
    }
}
