package org.affinity.chat.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.ChatAction;
import org.affinity.api.recommend.Recommendation;

/** A reply being put together: its text, what it cites, what was done, and whether a person takes over. */
final class Answer {

    private final StringBuilder text = new StringBuilder();
    final List<ArticleHit> sources = new ArrayList<>();
    final List<ChatAction> actions = new ArrayList<>();
    final List<Recommendation> items = new ArrayList<>();
    String handoffReason;

    Answer say(String sentence) {
        if (sentence != null && !sentence.isBlank()) {
            if (text.length() > 0) {
                text.append(sentence.startsWith("\n") ? "" : " ");
            }
            text.append(sentence);
        }
        return this;
    }

    Answer act(String name, Map<String, Object> data) {
        actions.add(new ChatAction(name, data));
        return this;
    }

    Answer cite(ArticleHit hit) {
        if (sources.stream().noneMatch(s -> s.id().equals(hit.id()))) {
            sources.add(hit);
        }
        return this;
    }

    String text() {
        return text.toString();
    }

    boolean handoff() {
        return handoffReason != null;
    }
}
