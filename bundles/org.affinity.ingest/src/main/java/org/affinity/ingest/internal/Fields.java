package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed access to one record's fields (values as parsed from JSON or mapped from CSV: String,
 * Number, Boolean, List, Map or null). Every failure names the field and says what was expected
 * and what was found.
 */
final class Fields {

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 20_000;

    /** Clocks of shops and of this server disagree a little; more than this ahead is "in the future". */
    static final long FUTURE_TOLERANCE_SECONDS = 300;

    private static final Pattern OFFSET = Pattern.compile("[T ]\\d.*[+-]\\d\\d:?\\d\\d$");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss][.SSS]");

    private final Map<String, Object> values;
    private final ZoneId zone;
    private final Instant now;

    Fields(Map<String, Object> values, ZoneId zone, Instant now) {
        this.values = values;
        this.zone = zone;
        this.now = now;
    }

    /** Rejects fields not in {@code known}, naming them and the known ones. */
    void onlyKnown(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new Invalid(name, "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    boolean has(String name) {
        Object value = values.get(name);
        return value != null && !(value instanceof String && ((String) value).isBlank());
    }

    /** An identifier: text or a whole number, trimmed, at most 200 characters. */
    String id(String name, boolean required) {
        Object value = values.get(name);
        if (!has(name)) {
            if (required) {
                throw new Invalid(name, "is required");
            }
            return null;
        }
        String id;
        if (value instanceof String) {
            id = ((String) value).trim();
        } else if (value instanceof Number && isWhole((Number) value)) {
            id = new BigDecimal(value.toString()).toBigInteger().toString();
        } else {
            throw new Invalid(name, "must be text or a whole number, was " + describe(value));
        }
        if (id.length() > MAX_ID) {
            throw new Invalid(name, "must be at most " + MAX_ID + " characters, was " + id.length());
        }
        return id;
    }

    String text(String name, boolean required, int max) {
        Object value = values.get(name);
        if (value == null) {
            if (required) {
                throw new Invalid(name, "is required");
            }
            return null;
        }
        if (!(value instanceof String)) {
            throw new Invalid(name, "must be text, was " + describe(value));
        }
        String text = (String) value;
        if (required && text.isBlank()) {
            throw new Invalid(name, "must not be empty");
        }
        if (text.length() > max) {
            throw new Invalid(name, "must be at most " + max + " characters, was " + text.length());
        }
        return text;
    }

    int wholeNumber(String name, int defaultValue, int min) {
        Object value = values.get(name);
        if (!has(name)) {
            return defaultValue;
        }
        BigDecimal number = number(name, value, "a whole number");
        if (number.stripTrailingZeros().scale() > 0) {
            throw new Invalid(name, "must be a whole number, was " + describe(value));
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw new Invalid(name, (min == 0 ? "must not be negative" : "must be at least " + min) + ", was " + number.toPlainString());
        }
        if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new Invalid(name, "is too large: " + number.toPlainString());
        }
        return number.intValueExact();
    }

    /** A non-negative decimal (prices), or null when absent. */
    BigDecimal amount(String name) {
        Object value = values.get(name);
        if (!has(name)) {
            return null;
        }
        BigDecimal number = number(name, value, "a number");
        if (number.signum() < 0) {
            throw new Invalid(name, "must not be negative, was " + number.toPlainString());
        }
        if (number.compareTo(new BigDecimal("1e15")) >= 0) {
            throw new Invalid(name, "is too large: " + number.toPlainString());
        }
        return number;
    }

    boolean bool(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (!has(name)) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            switch (((String) value).trim().toLowerCase()) {
                case "true": case "yes": case "1": return true;
                case "false": case "no": case "0": return false;
                default: break;
            }
        }
        throw new Invalid(name, "must be true or false, was " + describe(value));
    }

    /**
     * A point in time: an ISO-8601 instant or offset date-time, a local date-time or date (in the
     * import's zone), or epoch milliseconds. Not more than a few minutes in the future.
     */
    Instant time(String name, Instant defaultValue) {
        Object value = values.get(name);
        if (!has(name)) {
            if (defaultValue == null) {
                throw new Invalid(name, "is required");
            }
            return defaultValue;
        }
        Instant time;
        if (value instanceof Number && isWhole((Number) value)) {
            time = Instant.ofEpochMilli(((Number) value).longValue());
        } else if (value instanceof String) {
            time = parseTime(name, ((String) value).trim());
        } else {
            throw new Invalid(name, "must be a date-time (ISO-8601) or epoch milliseconds, was " + describe(value));
        }
        if (time.isAfter(now.plusSeconds(FUTURE_TOLERANCE_SECONDS))) {
            throw new Invalid(name, "is in the future: " + time);
        }
        return time;
    }

    private Instant parseTime(String name, String text) {
        try {
            if (text.endsWith("Z") || OFFSET.matcher(text).find()) {
                String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
                return OffsetDateTime.parse(iso).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(name, "is not a date-time: '" + text + "' (expected ISO-8601, e.g. 2011-12-09T12:50:00Z, "
                    + "or yyyy-MM-dd HH:mm:ss)");
        }
    }

    List<String> textList(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        if (value instanceof String) {
            for (String part : ((String) value).split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
            return result;
        }
        if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (!(element instanceof String)) {
                    throw new Invalid(name, "must be a list of text, has " + describe(element));
                }
                result.add(((String) element).trim());
            }
            return result;
        }
        throw new Invalid(name, "must be a list of text, was " + describe(value));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new Invalid(name, "must be an object, was " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    private static BigDecimal number(String name, Object value, String expected) {
        try {
            if (value instanceof Number) {
                return new BigDecimal(value.toString());
            }
            if (value instanceof String) {
                return new BigDecimal(((String) value).trim());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid(name, "must be " + expected + ", was " + describe(value));
    }

    private static boolean isWhole(Number number) {
        try {
            return new BigDecimal(number.toString()).stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            String text = (String) value;
            return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value.toString();
    }
}
