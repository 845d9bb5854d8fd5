package org.affinity.api.profile;

/**
 * One thing that shaped a profile: an item, a category or a term, with its share of the member's
 * recency-decayed, event-weighted interest.
 *
 * @param key item id, category path or term
 * @param label what people read (the item's title; the key otherwise)
 * @param share share of the member's interest in [0, 1]
 * @since 1.1
 */
public record Contribution(String key, String label, double share) {
}
