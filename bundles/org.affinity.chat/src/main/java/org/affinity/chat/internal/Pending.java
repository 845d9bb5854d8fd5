package org.affinity.chat.internal;

/**
 * What a session waits for from the member's next message.
 *
 * @param slot "order" (which order the intent is about) or "confirm_handoff" (yes or no)
 * @param intent the intent the slot belongs to
 * @param asked how many times the question was asked
 */
record Pending(String slot, String intent, int asked) {

    static final String ORDER = "order";
    static final String CONFIRM_HANDOFF = "confirm_handoff";
}
