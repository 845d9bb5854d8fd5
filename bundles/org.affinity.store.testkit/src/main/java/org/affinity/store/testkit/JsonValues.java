package org.affinity.store.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Attributes as they come back from the real store, which keeps them as JSON text: whole numbers
 * as Integer (Long when too big), other numbers as Double, maps and lists as LinkedHashMap and
 * ArrayList. A value JSON cannot hold (an Instant, say) is refused, as the real store's write fails.
 */
final class JsonValues {

    private JsonValues() {
    }

    static Map<String, Object> of(Map<String, Object> attributes) {
        Map<String, Object> json = new LinkedHashMap<>();
        attributes.forEach((key, value) -> json.put(key, value(key, value)));
        return json;
    }

    private static Object value(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            return number((Number) value);
        }
        if (value instanceof Character || value instanceof Enum || value instanceof UUID) {
            return value instanceof Enum ? ((Enum<?>) value).name() : value.toString();
        }
        if (value instanceof Map) {
            Map<String, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> map.put(String.valueOf(k), value(key, v)));
            return map;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(value(key, item)));
            return list;
        }
        if (value instanceof TemporalAccessor) {
            throw new IllegalArgumentException("attribute '" + key + "': the store keeps attributes as plain JSON, "
                    + "which has no " + value.getClass().getSimpleName() + "; store the ISO-8601 text");
        }
        throw new IllegalArgumentException("attribute '" + key + "': " + value.getClass().getName()
                + " is not a JSON value (text, number, boolean, list, map)");
    }

    /** The number as JSON writes it and reads it back. */
    private static Object number(Number number) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? (Object) Double.valueOf(number.toString()) : number.toString();
        }
        String text = number instanceof BigDecimal ? number.toString() : String.valueOf(number);
        if (text.contains(".") || text.contains("e") || text.contains("E")) {
            return Double.valueOf(text);
        }
        BigInteger whole = new BigInteger(text);
        if (whole.bitLength() < 32) {
            return whole.intValue();
        }
        return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
    }
}
