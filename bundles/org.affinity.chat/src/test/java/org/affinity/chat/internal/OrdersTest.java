package org.affinity.chat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.junit.jupiter.api.Test;

class OrdersTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final List<Event> events = new ArrayList<>();

    private void line(EventType type, String order, String item, int quantity, String price, String time) {
        events.add(new Event(order + item, type, "m1", item, quantity, new BigDecimal(price), null,
                LocalDateTime.parse(time).atZone(LONDON).toInstant(), Map.of("order", order)));
    }

    private Orders orders() {
        line(EventType.PURCHASE, "536365", "85123A", 6, "2.55", "2010-12-01T08:26");
        line(EventType.PURCHASE, "536365", "71053", 6, "3.39", "2010-12-01T08:26");
        line(EventType.PURCHASE, "540001", "22728", 4, "3.75", "2011-01-04T10:00");
        line(EventType.PURCHASE, "548000", "21731", 12, "1.65", "2011-05-09T12:00");
        line(EventType.PURCHASE, "560000", "22633", 2, "2.10", "2011-07-20T09:30");
        line(EventType.RETURN, "C560100", "22633", 1, "2.10", "2011-07-25T09:30");
        return Orders.of(events, ids -> ids.stream().map(id -> new Item(id, switch (id) {
            case "85123A" -> "White Hanging Heart T-Light Holder";
            case "71053" -> "White Metal Lantern";
            case "22728" -> "Alarm Clock Bakelike Pink";
            case "21731" -> "Red Toadstool Led Night Light";
            default -> "Hand Warmer Union Jack";
        }, "", List.of(), null, "GBP", Map.of(), true, null)).toList());
    }

    @Test
    void ordersAreInvoicesNewestFirstWithTheirTotals() {
        Orders orders = orders();
        assertEquals(List.of("560000", "548000", "540001", "536365"), orders.orders().stream().map(Order::id).toList());
        assertEquals(0, new BigDecimal("35.64").compareTo(orders.orders().get(3).total()));
        assertEquals(List.of("C560100"), orders.returns().stream().map(Order::id).toList());
        assertEquals(List.of("C560100"), orders.returnsOf(orders.latest().orElseThrow()).stream().map(Order::id).toList());
        assertTrue(orders.returnsOf(orders.orders().get(1)).isEmpty());
    }

    @Test
    void aMessageReferringToAnOrderFindsIt() {
        Orders orders = orders();
        assertEquals("540001", orders.referredTo("it's order 540001").orElseThrow().id());
        assertEquals("548000", orders.referredTo("the one from May").orElseThrow().id());
        assertEquals("536365", orders.referredTo("the december one").orElseThrow().id());
        assertEquals("540001", orders.referredTo("the order of 4th January").orElseThrow().id());
        assertEquals("540001", orders.referredTo("January 4").orElseThrow().id());
        assertEquals("536365", orders.referredTo("the one with the lantern").orElseThrow().id());
        assertEquals("560000", orders.referredTo("my latest order").orElseThrow().id());
        assertEquals("548000", orders.referredTo("the previous one").orElseThrow().id());
        assertEquals("548000", orders.referredTo("五月的那个").orElseThrow().id());
        assertEquals("540001", orders.referredTo("1月4日的订单").orElseThrow().id());
        assertTrue(orders.referredTo("the one from March").isEmpty(), "no order in March");
        assertTrue(orders.referredTo("may I have the invoice").isEmpty(), "'may' as a verb is no month");
        assertTrue(orders.referredTo("hello there").isEmpty());
    }
}
