package org.affinity.api.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session waiting for a person, with what an agent needs to take it over.
 *
 * @param reason why ("asked for a person", "low confidence twice", ...)
 * @param context what Affinity knows of the member (profile facts, latest order), empty for visitors
 * @param transcript the session so far
 */
public record Handoff(String sessionId, String memberId, String reason, Instant queued, Map<String, Object> context,
        List<ChatTurn> transcript) {

    public Handoff {
        context = context == null ? Map.of() : Map.copyOf(context);
        transcript = transcript == null ? List.of() : List.copyOf(transcript);
    }
}
