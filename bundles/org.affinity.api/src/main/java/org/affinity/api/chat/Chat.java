package org.affinity.api.chat;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Customer-service conversations that know the member: understands each message, answers from the
 * member's own data and the knowledge base, acts for the member, and hands off to a person when it
 * cannot help. Every member message is also stored as a {@code chat} event.
 */
@ProviderType
public interface Chat {

    /** Longest message accepted, in characters. */
    int MAX_TEXT = 2_000;

    /**
     * Opens a session.
     *
     * @param memberId the signed-in member, or null for an anonymous visitor
     * @throws NoSuchElementException when the member is unknown
     */
    ChatSession open(String memberId);

    /**
     * Answers a message in a session.
     *
     * @throws NoSuchElementException when the session is unknown
     * @throws IllegalArgumentException when the text is blank or longer than {@link #MAX_TEXT}
     */
    ChatReply send(String sessionId, String text);

    /** A session with its transcript. */
    Optional<ChatSession> session(String id);

    /** A member's sessions, newest first. */
    List<ChatSession> sessions(String memberId);

    /** Sessions waiting for a person, oldest first. */
    List<Handoff> handoffs();

    /**
     * Ends a session (an agent resolved the handoff, or the visitor left); it leaves the handoff queue.
     *
     * @throws NoSuchElementException when the session is unknown
     */
    ChatSession close(String sessionId, String note);
}
