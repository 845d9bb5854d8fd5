package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;

/**
 * The wire format of members, items and events (REST bodies, NDJSON lines, mapped CSV rows), and its
 * validation. Field names are documented in the OpenAPI description.
 */
final class Records {

    static final Set<String> EVENT_FIELDS = Set.of("id", "type", "member", "item", "quantity", "price", "text", "time",
            "attributes");
    static final Set<String> ITEM_FIELDS = Set.of("id", "title", "description", "categories", "price", "currency",
            "attributes", "available");
    static final Set<String> MEMBER_SHORTCUTS = Set.of("country", "language", "tier", "points", "signupDate");
    static final Set<String> MEMBER_FIELDS;
    static final Set<String> CONSENT_FIELDS = Set.of("email", "sms", "push", "profiling");

    static {
        java.util.Set<String> fields = new java.util.HashSet<>(MEMBER_SHORTCUTS);
        fields.addAll(Set.of("id", "attributes", "consent"));
        MEMBER_FIELDS = Set.copyOf(fields);
    }

    private final ZoneId zone;

    Records(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * An event from its fields. Without an id, the id is derived from the content, so the same
     * record delivered twice is stored once. Without a time, it happened {@code now}.
     */
    Event event(Map<String, Object> values, Instant now) {
        Fields fields = new Fields(values, zone, now);
        fields.onlyKnown(EVENT_FIELDS);
        EventType type;
        try {
            type = EventType.parse(fields.text("type", true, 40));
        } catch (IllegalArgumentException e) {
            throw new Invalid("type", e.getMessage().replace("unknown event type", "unknown"));
        }
        String member = fields.id("member", true);
        String item = fields.id("item", needsItem(type));
        int quantity = fields.wholeNumber("quantity", defaultQuantity(type), 0);
        if ((type == EventType.PURCHASE || type == EventType.RETURN) && quantity == 0) {
            throw new Invalid("quantity", "must be at least 1 for a " + type.wireName());
        }
        BigDecimal price = fields.amount("price");
        String text = fields.text("text", false, Fields.MAX_TEXT);
        if ((type == EventType.SEARCH || type == EventType.CHAT) && (text == null || text.isBlank())) {
            throw new Invalid("text", "is required for a " + type.wireName());
        }
        Instant time = fields.time("time", now);
        Map<String, Object> attributes = fields.object("attributes");
        String id = fields.id("id", false);
        if (id == null) {
            id = contentId(type.name(), member, item, String.valueOf(quantity), String.valueOf(price), text,
                    String.valueOf(time.toEpochMilli()), String.valueOf(new java.util.TreeMap<>(attributes)));
        }
        return new Event(id, type, member, item, quantity, price, text, time, attributes);
    }

    Item item(Map<String, Object> values, String pathId, Instant now) {
        Fields fields = new Fields(values, zone, now);
        fields.onlyKnown(ITEM_FIELDS);
        String id = fields.id("id", pathId == null);
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) {
                throw new Invalid("id", "is '" + id + "' but the path says '" + pathId + "'");
            }
            id = pathId;
        }
        String title = fields.text("title", true, 2000);
        String description = fields.text("description", false, 200_000);
        List<String> categories = fields.textList("categories");
        BigDecimal price = fields.amount("price");
        String currency = fields.text("currency", false, 3);
        if (currency != null && !currency.matches("[A-Za-z]{3}")) {
            throw new Invalid("currency", "must be an ISO 4217 code like GBP, was '" + currency + "'");
        }
        return new Item(id, title.trim(), description, categories, price,
                currency == null ? null : currency.toUpperCase(), fields.object("attributes"),
                fields.bool("available", true), null);
    }

    Member member(Map<String, Object> values, String pathId, Instant now) {
        Fields fields = new Fields(values, zone, now);
        fields.onlyKnown(MEMBER_FIELDS);
        String id = fields.id("id", pathId == null);
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) {
                throw new Invalid("id", "is '" + id + "' but the path says '" + pathId + "'");
            }
            id = pathId;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(fields.object("attributes"));
        for (String shortcut : MEMBER_SHORTCUTS) {
            if (values.get(shortcut) != null) {
                attributes.put(shortcut, values.get(shortcut));
            }
        }
        Fields consent = new Fields(fields.object("consent"), zone, now);
        try {
            consent.onlyKnown(CONSENT_FIELDS);
            return Member.of(id, attributes, new Consent(consent.bool("email", false), consent.bool("sms", false),
                    consent.bool("push", false), consent.bool("profiling", false)));
        } catch (Invalid e) {
            throw new Invalid("consent." + e.field, e.getMessage());
        }
    }

    private static boolean needsItem(EventType type) {
        return type == EventType.VIEW || type == EventType.CART || type == EventType.PURCHASE
                || type == EventType.RETURN || type == EventType.REVIEW;
    }

    private static int defaultQuantity(EventType type) {
        return type == EventType.PURCHASE || type == EventType.RETURN || type == EventType.CART ? 1 : 0;
    }

    /** A stable id from content: 22 URL-safe characters of SHA-256. */
    static String contentId(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "h-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code values} without null values (absent and null mean the same on the wire). */
    static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
