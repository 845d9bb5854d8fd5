package org.affinity.api.chat;

import java.util.Map;

/**
 * Something the chat did or looked up for the member, with the data it used ("order_status" with
 * the invoice, date, items and total; "recommend" with the filters; "handoff" with the reason).
 */
public record ChatAction(String name, Map<String, Object> data) {

    public ChatAction {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
