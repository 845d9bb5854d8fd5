package org.affinity.api.chat;

import java.util.List;
import java.util.Map;

import org.affinity.api.recommend.Recommendation;

/**
 * The answer to a message.
 *
 * @param intent the recognised intent (e.g. "track_order"), or null when none was confident
 * @param confidence how sure the intent is, in [0, 1]
 * @param items items suggested to the member, if any
 * @param data structured facts the answer used (order status, refund policy...)
 */
public record ChatReply(String conversationId, String text, String intent, double confidence,
        List<Recommendation> items, Map<String, Object> data) {

    public ChatReply {
        items = items == null ? List.of() : List.copyOf(items);
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
