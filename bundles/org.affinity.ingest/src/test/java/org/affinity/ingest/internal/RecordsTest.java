package org.affinity.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final Records records = new Records(ZoneId.of("Europe/London"));

    private static Map<String, Object> purchase() {
        Map<String, Object> values = new HashMap<>();
        values.put("type", "purchase");
        values.put("member", 17850.0);
        values.put("item", "85123A");
        values.put("quantity", 6);
        values.put("price", 2.55);
        values.put("time", "2010-12-01 08:26:00");
        return values;
    }

    @Test
    void aValidEventWithLocalTimeFloatIdAndDerivedId() {
        Event event = records.event(purchase(), NOW);
        assertEquals(EventType.PURCHASE, event.type());
        assertEquals("17850", event.memberId());
        assertEquals(new BigDecimal("2.55"), event.price());
        assertEquals(Instant.parse("2010-12-01T08:26:00Z"), event.timestamp(), "London is UTC+0 in December");
        assertEquals(event.id(), records.event(purchase(), NOW).id(), "the same content gets the same id");
        Map<String, Object> other = purchase();
        other.put("quantity", 7);
        assertEquals(false, event.id().equals(records.event(other, NOW).id()));
    }

    @ParameterizedTest
    @CsvSource({"2011-12-09T12:50:00Z, 2011-12-09T12:50:00Z", "2011-12-09 12:50:00+01:00, 2011-12-09T11:50:00Z",
            "2011-07-01 12:50, 2011-07-01T11:50:00Z", "2011-07-01, 2011-06-30T23:00:00Z", "1323435000000, 2011-12-09T12:50:00Z"})
    void timesInEveryAcceptedForm(String text, String expected) {
        Map<String, Object> values = purchase();
        values.put("time", text.matches("\\d+") ? Long.parseLong(text) : text);
        assertEquals(Instant.parse(expected), records.event(values, NOW).timestamp());
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "type|buy|unknown 'buy' (expected one of view, cart, purchase, return, review, search, chat, campaign_sent, campaign_open, custom)",
        "quantity|-3|must not be negative, was -3",
        "quantity|2.5|must be a whole number, was '2.5'",
        "quantity|six|must be a whole number, was 'six'",
        "quantity|0|must be at least 1 for a purchase",
        "price|-1|must not be negative, was -1",
        "time|2031-01-01T00:00:00Z|is in the future: 2031-01-01T00:00:00Z",
        "time|01/12/2010 08:26|is not a date-time: '01/12/2010 08:26' (expected ISO-8601, e.g. 2011-12-09T12:50:00Z, or yyyy-MM-dd HH:mm:ss)",
        "member|''|is required",
        "colour|red|unknown field (known: attributes, id, item, member, price, quantity, text, time, type)",
    })
    void badFieldsAreNamedWithTheReason(String field, String value, String reason) {
        Map<String, Object> values = purchase();
        values.put(field, value.equals("''") ? "" : value);
        Invalid invalid = assertThrows(Invalid.class, () -> records.event(values, NOW));
        assertEquals(field, invalid.field);
        assertEquals(reason, invalid.getMessage());
    }

    @Test
    void wrongJsonTypesAreNamed() {
        Map<String, Object> values = purchase();
        values.put("attributes", List.of("x"));
        Invalid invalid = assertThrows(Invalid.class, () -> records.event(values, NOW));
        assertEquals("attributes", invalid.field);
        assertEquals("must be an object, was a list", invalid.getMessage());
        values.put("attributes", Map.of());
        values.put("member", Map.of("id", 1));
        assertEquals("must be text or a whole number, was an object",
                assertThrows(Invalid.class, () -> records.event(values, NOW)).getMessage());
    }

    @Test
    void searchNeedsTextAndViewsNeedAnItem() {
        Invalid search = assertThrows(Invalid.class,
                () -> records.event(Map.of("type", "search", "member", "m1"), NOW));
        assertEquals("text", search.field);
        Invalid view = assertThrows(Invalid.class, () -> records.event(Map.of("type", "view", "member", "m1"), NOW));
        assertEquals("item", view.field);
        Event searched = records.event(Map.of("type", "search", "member", "m1", "text", "christmas lights"), NOW);
        assertEquals(NOW, searched.timestamp(), "no time means now");
    }

    @Test
    void itemsAndMembers() {
        Item item = records.item(Map.of("title", "Lantern", "price", "3.39", "currency", "gbp",
                "categories", List.of("Home", "Lights")), "71053", NOW);
        assertEquals("71053", item.id());
        assertEquals("GBP", item.currency());
        assertEquals(List.of("Home", "Lights"), item.categories());
        assertEquals("is 'x' but the path says '71053'", assertThrows(Invalid.class,
                () -> records.item(Map.of("id", "x", "title", "Lantern"), "71053", NOW)).getMessage());
        assertEquals("title", assertThrows(Invalid.class, () -> records.item(Map.of("id", "x"), null, NOW)).field);

        Member member = records.member(Map.of("country", "France", "consent", Map.of("email", true)), "m1", NOW);
        assertEquals("France", member.country());
        assertEquals(true, member.consent().marketingEmail());
        assertEquals(false, member.consent().marketingSms());
        Invalid consent = assertThrows(Invalid.class,
                () -> records.member(Map.of("consent", Map.of("email", "maybe")), "m1", NOW));
        assertEquals("consent.email", consent.field);
    }
}
