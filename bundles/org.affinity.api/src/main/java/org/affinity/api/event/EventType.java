package org.affinity.api.event;

import java.util.Locale;

/** What a member did. */
public enum EventType {
    VIEW, CART, PURCHASE, RETURN, REVIEW, SEARCH, CHAT, CAMPAIGN_SENT, CAMPAIGN_OPEN, CUSTOM;

    /** The wire name: lower case ("campaign_sent"). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EventType parse(String name) {
        if (name != null) {
            for (EventType type : values()) {
                if (type.name().equalsIgnoreCase(name.trim())) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("unknown event type '" + name
                + "' (expected one of view, cart, purchase, return, review, search, chat, campaign_sent, campaign_open, custom)");
    }
}
