package org.affinity.profile.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.store.testkit.MemoryStore;

/** A small shop for tests that need few, chosen events. */
final class Shop {

    static int next;

    private Shop() {
    }

    static void catalogue(MemoryStore store) {
        store.putItems(List.of(
                item("bauble", "Red Christmas Bauble", "Decorations/Christmas", "2.50"),
                item("wreath", "Christmas Door Wreath", "Decorations/Christmas", "12.00"),
                item("lantern", "White Metal Lantern", "Home/Lights", "3.39"),
                item("mug", "Union Jack Mug", "Kitchen/Mugs", "1.95"),
                item("teapot", "Regency Teapot", "Kitchen/Tea", "8.50")));
        store.putMember(Member.of("anna", Map.of("country", "United Kingdom"), Consent.ALL));
        store.putMember(Member.of("bert", Map.of("country", "France"), Consent.ALL));
        store.putMember(Member.of("cora", Map.of("country", "Germany"), Consent.ALL));
        store.putMember(Member.of("dave", Map.of("country", "Spain"), Consent.NONE));
    }

    static Item item(String id, String title, String category, String price) {
        return new Item(id, title, "", List.of(category), new BigDecimal(price), "GBP", Map.of(), true, null);
    }

    static Event purchase(String member, String item, int quantity, String price, String day, String order) {
        return new Event("e" + (++next), EventType.PURCHASE, member, item, quantity, new BigDecimal(price), null,
                Instant.parse(day + "T10:00:00Z"), Map.of("order", order, "channel", "web"));
    }

    static Event giveBack(String member, String item, int quantity, String price, String day) {
        return new Event("e" + (++next), EventType.RETURN, member, item, quantity, new BigDecimal(price), null,
                Instant.parse(day + "T12:00:00Z"), Map.of());
    }

    static Event of(EventType type, String member, String item, String text, String day) {
        return new Event("e" + (++next), type, member, item, 0, null, text, Instant.parse(day + "T18:00:00Z"), Map.of("channel", "app"));
    }

    /** A few weeks of behaviour for anna, bert, cora, and dave (who did not consent to profiling). */
    static List<Event> history() {
        return List.of(
                purchase("anna", "bauble", 12, "2.50", "2011-11-01", "o1"),
                purchase("anna", "wreath", 1, "12.00", "2011-11-01", "o1"),
                of(EventType.VIEW, "anna", "lantern", null, "2011-11-03"),
                of(EventType.SEARCH, "anna", null, "christmas lights", "2011-11-04"),
                purchase("anna", "bauble", 6, "2.50", "2011-11-20", "o2"),
                purchase("bert", "mug", 2, "1.95", "2011-06-01", "o3"),
                purchase("bert", "teapot", 1, "8.50", "2011-06-01", "o3"),
                giveBack("bert", "teapot", 1, "8.50", "2011-06-10"),
                of(EventType.CART, "cora", "lantern", null, "2011-11-10"),
                of(EventType.REVIEW, "cora", "lantern", "Lovely lantern, bright light", "2011-11-12"),
                purchase("cora", "lantern", 4, "3.39", "2011-11-15", "o4"),
                purchase("dave", "mug", 1, "1.95", "2011-11-15", "o5"));
    }
}
