package org.affinity.api.chat;

import java.util.Objects;

/**
 * A message from a member (or an anonymous visitor when memberId is null).
 *
 * @param conversationId groups the turns of one conversation
 */
public record ChatMessage(String conversationId, String memberId, String text) {

    public ChatMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(text, "text");
    }
}
