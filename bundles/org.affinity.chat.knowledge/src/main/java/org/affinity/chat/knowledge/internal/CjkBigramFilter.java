package org.affinity.chat.knowledge.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.AttributeSource;

/**
 * Turns runs of Chinese characters into overlapping bigrams ("退货政策" -> 退货 货政 政策), optionally
 * with the single characters too. Lucene's StandardTokenizer emits every ideograph as a token of its
 * own, and single characters match far too much (退 is in 退货, 退款 and 退出); written words are
 * mostly two characters, so bigrams match them without a dictionary. A character standing alone (a
 * run of one) stays a unigram. Runs end where the text has anything else between two characters
 * (punctuation, a space, a Latin word). lucene-analysis-common's CJKBigramFilter does the same, but
 * it is not in the runtime and this is all of it we need.
 */
final class CjkBigramFilter extends TokenFilter {

    static final String BIGRAM = "<BIGRAM>";
    private static final String IDEOGRAPHIC = "<IDEOGRAPHIC>";
    private static final String HIRAGANA = "<HIRAGANA>";

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final boolean unigrams;

    /** The characters of the current run, with their offsets. */
    private final List<Char> run = new ArrayList<>();
    private final ArrayDeque<Char> output = new ArrayDeque<>();
    /** A token that ended a run, emitted once the run's grams are out. */
    private AttributeSource.State held;
    private boolean exhausted;

    CjkBigramFilter(TokenStream input, boolean unigrams) {
        super(input);
        this.unigrams = unigrams;
    }

    @Override
    public boolean incrementToken() throws IOException {
        while (output.isEmpty()) {
            if (held != null) {
                restoreState(held);
                held = null;
                return true;
            }
            if (exhausted) {
                return false;
            }
            read();
        }
        Char gram = output.poll();
        clearAttributes();
        term.setEmpty().append(gram.text);
        offset.setOffset(gram.start, gram.end);
        type.setType(gram.text.length() > 1 ? BIGRAM : IDEOGRAPHIC);
        position.setPositionIncrement(gram.sameSpot ? 0 : 1);
        return true;
    }

    /** Reads tokens until a run ends: its grams go to the output, a token that ended it is held. */
    private void read() throws IOException {
        while (true) {
            if (!input.incrementToken()) {
                exhausted = true;
                flush();
                return;
            }
            boolean chinese = type.type().equals(IDEOGRAPHIC) || type.type().equals(HIRAGANA);
            if (!chinese) {
                held = captureState();
                flush();
                return;
            }
            if (!run.isEmpty() && run.get(run.size() - 1).end != offset.startOffset()) {
                flush();   // something between the two characters: a new run
            }
            run.add(new Char(term.toString(), offset.startOffset(), offset.endOffset(), false));
        }
    }

    private void flush() {
        if (run.size() == 1) {
            output.add(run.get(0));
        } else {
            for (int i = 0; i + 1 < run.size(); i++) {
                Char first = run.get(i);
                Char second = run.get(i + 1);
                output.add(new Char(first.text + second.text, first.start, second.end, false));
                if (unigrams) {
                    output.add(new Char(first.text, first.start, first.end, true));
                }
            }
            if (unigrams && !run.isEmpty()) {
                Char last = run.get(run.size() - 1);
                output.add(new Char(last.text, last.start, last.end, false));
            }
        }
        run.clear();
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        run.clear();
        output.clear();
        held = null;
        exhausted = false;
    }

    private record Char(String text, int start, int end, boolean sameSpot) {
    }
}
