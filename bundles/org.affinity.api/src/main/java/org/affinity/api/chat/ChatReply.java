package org.affinity.api.chat;

import java.util.List;

import org.affinity.api.recommend.Recommendation;

/**
 * The answer to a message.
 *
 * @param text the reply, in the language of the message
 * @param intent the intent the message was classified as (the top one, even when abstained)
 * @param confidence that intent's confidence, in [0, 1]
 * @param abstained whether the classifier was too unsure to act on the intent
 * @param language the language of the message and the reply
 * @param sources the articles the reply cites
 * @param actions what was done or looked up, with its data
 * @param items items suggested to the member, with explanations
 * @param handoff whether the session now waits for a person
 */
public record ChatReply(String sessionId, String text, String intent, double confidence, boolean abstained,
        String language, List<ArticleHit> sources, List<ChatAction> actions, List<Recommendation> items,
        boolean handoff) {

    public ChatReply {
        sources = sources == null ? List.of() : List.copyOf(sources);
        actions = actions == null ? List.of() : List.copyOf(actions);
        items = items == null ? List.of() : List.copyOf(items);
    }
}
