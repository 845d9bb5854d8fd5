package org.affinity.api.chat;

import java.time.Instant;
import java.util.List;

/**
 * A conversation.
 *
 * @param memberId the member, or null for an anonymous visitor
 * @param language the language of the latest member message ("en", "zh"), or null before the first
 * @param state "open", "handoff" (waiting for a person) or "closed"
 * @param turns the transcript, oldest first
 */
public record ChatSession(String id, String memberId, String language, String state, Instant started, Instant updated,
        List<ChatTurn> turns) {

    public ChatSession {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }
}
