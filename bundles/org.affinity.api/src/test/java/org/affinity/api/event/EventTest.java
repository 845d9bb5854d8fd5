package org.affinity.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void typesParseCaseInsensitivelyAndNameTheAcceptedValuesOtherwise() {
        assertEquals(EventType.CAMPAIGN_OPEN, EventType.parse(" Campaign_Open "));
        assertEquals("campaign_open", EventType.CAMPAIGN_OPEN.wireName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventType.parse("buy"));
        assertTrue(e.getMessage().startsWith("unknown event type 'buy' (expected one of view, cart, purchase"), e.getMessage());
    }

    @Test
    void amountIsNegativeForReturnsAndZeroWithoutPrice() {
        Instant now = Instant.parse("2011-12-09T12:50:00Z");
        Event purchase = new Event("e1", EventType.PURCHASE, "m", "i", 3, new BigDecimal("2.55"), null, now, null);
        Event ret = new Event("e2", EventType.RETURN, "m", "i", 2, new BigDecimal("2.55"), null, now, null);
        Event view = new Event("e3", EventType.VIEW, "m", "i", 0, null, null, now, null);
        assertEquals(new BigDecimal("7.65"), purchase.amount());
        assertEquals(new BigDecimal("-5.10"), ret.amount());
        assertEquals(BigDecimal.ZERO, view.amount());
    }
}
