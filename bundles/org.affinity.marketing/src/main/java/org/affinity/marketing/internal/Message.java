package org.affinity.marketing.internal;

import java.time.Instant;
import java.util.List;

/**
 * One rendered message, as handed off.
 *
 * @param address where the channel reaches the member (the {@code email}, {@code phone} or
 *        {@code pushToken} attribute), or null: the receiver resolves it from the member id
 * @param idempotencyKey the same for a repeat of this message (see {@link Draw#idempotencyKey})
 */
record Message(String campaign, int run, String member, String variant, String channel, String address, String locale,
        String subject, String body, List<String> items, String idempotencyKey, Instant rendered) {

    Message {
        items = List.copyOf(items);
    }

    static final List<String> CSV_COLUMNS = List.of("member", "campaign", "run", "variant", "channel", "address", "locale",
            "subject", "body", "items", "idempotencyKey", "rendered");

    List<String> csvValues() {
        return List.of(member, campaign, String.valueOf(run), variant, channel, address == null ? "" : address,
                locale, subject == null ? "" : subject, body, String.join(" ", items), idempotencyKey, rendered.toString());
    }
}
