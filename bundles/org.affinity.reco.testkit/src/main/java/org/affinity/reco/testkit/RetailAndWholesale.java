package org.affinity.reco.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * Online Retail as two shops of different shapes: retail members, who buy a few of each item, and
 * wholesale members, who buy by the box. A member is wholesale when the median quantity of their
 * purchase lines is {@value #WHOLESALE_MEDIAN} or more (the median member's median over the whole
 * file: 2,292 wholesale and 2,047 retail of 4,339 buying members), retail otherwise. Each shop
 * keeps every event (returns too) of its members.
 */
public final class RetailAndWholesale {

    public static final int WHOLESALE_MEDIAN = 8;

    private RetailAndWholesale() {
    }

    /** Members whose median purchase line is {@value #WHOLESALE_MEDIAN} or more, over these events. */
    public static Set<String> wholesaleMembers(List<Event> events) {
        Map<String, List<Integer>> quantities = new HashMap<>();
        for (Event event : events) {
            if (event.type() == EventType.PURCHASE && event.quantity() > 0) {
                quantities.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event.quantity());
            }
        }
        Set<String> wholesale = new HashSet<>();
        quantities.forEach((member, lines) -> {
            lines.sort(null);
            int n = lines.size();
            double median = n % 2 == 1 ? lines.get(n / 2) : (lines.get(n / 2 - 1) + lines.get(n / 2)) / 2.0;
            if (median >= WHOLESALE_MEDIAN) {
                wholesale.add(member);
            }
        });
        return wholesale;
    }

    /** The retail shop's events (members who buy a few at a time), in the order given. */
    public static List<Event> retail(List<Event> events) {
        Set<String> wholesale = wholesaleMembers(events);
        return events.stream().filter(e -> !wholesale.contains(e.memberId())).toList();
    }

    /** The wholesale shop's events (members who buy by the box), in the order given. */
    public static List<Event> wholesale(List<Event> events) {
        Set<String> wholesale = wholesaleMembers(events);
        return events.stream().filter(e -> wholesale.contains(e.memberId())).toList();
    }
}
