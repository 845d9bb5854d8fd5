package org.affinity.chat.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.affinity.api.chat.ChatSession;
import org.affinity.api.chat.ChatTurn;

/**
 * One session's state, as kept on disk ({@link SessionFiles}): the transcript and what the dialogue
 * remembers between messages. Not thread-safe: {@link ChatService} holds its lock while a message
 * is answered.
 */
final class Conversation {

    static final String OPEN = "open";
    static final String HANDOFF = "handoff";
    static final String CLOSED = "closed";

    /** The fields that are written to the session's file. */
    record State(String id, String memberId, String language, String state, Instant started, Instant updated,
            List<ChatTurn> turns, Pending pending, int failures, String lastIntent, int repeats, String handoffReason,
            Instant handoffAt, Map<String, Object> context, String note) {
    }

    final String id;
    final String memberId;
    final Instant started;
    String language;
    String state = OPEN;
    Instant updated;
    final List<ChatTurn> turns = new ArrayList<>();
    Pending pending;
    /** Member messages in a row that the classifier abstained on. */
    int failures;
    /** The latest confident intent and how many messages in a row asked it. */
    String lastIntent;
    int repeats;
    String handoffReason;
    Instant handoffAt;
    /** What an agent needs to know of the member, taken when the session was handed off. */
    Map<String, Object> context = Map.of();
    String note;
    /** Set when the session left the in-memory cache: whoever holds it must load it again. */
    boolean evicted;

    Conversation(String id, String memberId, Instant started) {
        this.id = id;
        this.memberId = memberId;
        this.started = started;
        this.updated = started;
    }

    static Conversation of(State s) {
        Conversation c = new Conversation(s.id(), s.memberId(), s.started());
        c.language = s.language();
        c.state = s.state();
        c.updated = s.updated();
        c.turns.addAll(s.turns() == null ? List.of() : s.turns());
        c.pending = s.pending();
        c.failures = s.failures();
        c.lastIntent = s.lastIntent();
        c.repeats = s.repeats();
        c.handoffReason = s.handoffReason();
        c.handoffAt = s.handoffAt();
        c.context = s.context() == null ? Map.of() : s.context();
        c.note = s.note();
        return c;
    }

    State state() {
        return new State(id, memberId, language, state, started, updated, List.copyOf(turns), pending, failures, lastIntent,
                repeats, handoffReason, handoffAt, context, note);
    }

    ChatSession session() {
        return new ChatSession(id, memberId, language, state, started, updated, turns);
    }

    void add(ChatTurn turn) {
        turns.add(turn);
        updated = turn.at();
    }
}
