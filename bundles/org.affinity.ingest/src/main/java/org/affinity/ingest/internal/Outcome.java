package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What one source row means: a record in the wire format (or a deliberate skip with its reason),
 * plus what the row tells about the catalogue (an item) and about a member.
 */
record Outcome(Map<String, Object> record, String skip, ItemHint item, MemberHint member) {

    static Outcome skipped(String reason, ItemHint item, MemberHint member) {
        return new Outcome(null, reason, item, member);
    }

    /**
     * @param sale whether the row is a real sale (its title and price describe the item; adjustment
     *        lines carry warehouse notes such as "damaged" instead)
     */
    record ItemHint(String id, String title, boolean sale, BigDecimal price, List<String> categories) {
    }

    record MemberHint(String id, Map<String, Object> attributes) {
    }
}
