package org.affinity.api.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something a member did, as the shop reported it.
 *
 * @param id client-supplied identifier that makes delivery idempotent (generated when absent)
 * @param type what happened
 * @param memberId who did it
 * @param itemId which item, or null (search, chat)
 * @param quantity how many units (purchase, cart, return), 0 when not applicable
 * @param price unit price paid or shown, or null
 * @param text review, search or chat text, or null
 * @param timestamp when it happened
 * @param attributes free-form attributes (channel, country, invoice, campaign, strategy arm, ...)
 */
public record Event(String id, EventType type, String memberId, String itemId, int quantity, BigDecimal price,
        String text, Instant timestamp, Map<String, Object> attributes) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(timestamp, "timestamp");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Money moved by this event: quantity times price, negative for returns, zero when unpriced. */
    public BigDecimal amount() {
        if (price == null || quantity == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal amount = price.multiply(BigDecimal.valueOf(quantity));
        return type == EventType.RETURN ? amount.negate() : amount;
    }
}
