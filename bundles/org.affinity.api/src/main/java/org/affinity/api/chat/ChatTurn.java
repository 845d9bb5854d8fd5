package org.affinity.api.chat;

import java.time.Instant;
import java.util.List;

/**
 * One message of a transcript.
 *
 * @param from "member" (or visitor), "assistant", or "system" (handoff and closing notes)
 * @param intent for a member message, the intent it was classified as, or null
 * @param confidence for a member message, the intent's confidence, or 0
 * @param sources for an answer, the ids of the articles it cites
 * @param actions for an answer, the actions taken
 */
public record ChatTurn(String from, String text, Instant at, String intent, double confidence, List<String> sources,
        List<ChatAction> actions) {

    public ChatTurn {
        sources = sources == null ? List.of() : List.copyOf(sources);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
