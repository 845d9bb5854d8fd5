package org.affinity.api.store;

import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.member.Member;

/**
 * Everything held about one member (right of access). {@code derived} holds what other bundles
 * derived, keyed by what it is ("profile", "segments"), when they contribute it.
 */
public record MemberExport(Member member, List<Event> events, Map<String, Object> derived) {

    public MemberExport {
        events = List.copyOf(events);
        derived = derived == null ? Map.of() : Map.copyOf(derived);
    }
}
