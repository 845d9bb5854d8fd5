package org.affinity.api.store;

import java.util.List;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register as a service to hear about committed changes. Each listener gets changes in
 * commit order on its own thread, so a slow listener never slows ingestion or other listeners.
 *
 * <p>{@link #memberErased} and {@link #exportMember} are the privacy contract: whoever derives
 * anything from a member's data (profiles, vectors, cached recommendations, audiences) must drop
 * it on erasure and show it on export.
 */
@ConsumerType
public interface StoreListener {

    default void eventsAppended(List<Event> events) {
    }

    default void itemsChanged(List<Item> items) {
    }

    default void membersChanged(List<Member> members) {
    }

    /** Drop everything derived from this member. */
    void memberErased(String memberId);

    /**
     * What this listener derived from a member, for their data export (right of access), keyed by
     * what it is (e.g. "profile"). Empty when nothing is held.
     */
    default java.util.Map<String, Object> exportMember(String memberId) {
        return java.util.Map.of();
    }
}
