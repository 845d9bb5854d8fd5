package org.affinity.chat.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One of the member's orders, from their purchase events: an invoice with its lines.
 *
 * @param id the invoice (the events' {@code order} attribute)
 * @param placed when it was bought (its latest line)
 */
record Order(String id, Instant placed, List<Line> lines, BigDecimal total) {

    record Line(String itemId, String title, int quantity, BigDecimal price) {
    }

    int units() {
        return lines.stream().mapToInt(Line::quantity).sum();
    }
}
