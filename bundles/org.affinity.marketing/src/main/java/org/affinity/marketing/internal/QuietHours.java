package org.affinity.marketing.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Hours in the member's own time zone when no marketing message is handed off ("21:00-08:00"; a span
 * may cross midnight). A member reached during them waits until they end.
 */
record QuietHours(LocalTime start, LocalTime end) {

    static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    /**
     * Parses "HH:mm-HH:mm"; blank means none.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static QuietHours parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String[] parts = text.trim().split("\\s*-\\s*");
        try {
            if (parts.length == 2) {
                return new QuietHours(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw new IllegalArgumentException("quiet hours must look like 21:00-08:00, was '" + text + "'");
    }

    boolean none() {
        return start.equals(end);
    }

    /** Whether {@code now} falls in the quiet hours of {@code zone}. */
    boolean quiet(Instant now, ZoneId zone) {
        if (none()) {
            return false;
        }
        LocalTime local = now.atZone(zone).toLocalTime();
        return start.isBefore(end) ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** When the quiet hours that hold {@code now} end, in {@code zone}. */
    Instant endAfter(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime end = local.with(this.end);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
