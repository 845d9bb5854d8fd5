package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Provide-Capability manifest header outside OSGi (inside, the framework parses it), with
 * the typed attributes the framework would give: {@code :Long} as Long, {@code :Double} as Double,
 * {@code :List<T>} as a List, everything else as String. Directives are dropped.
 */
final class CapabilityHeader {

    /** One capability: its namespace and attributes. */
    record Capability(String namespace, Map<String, Object> attributes) {
    }

    private CapabilityHeader() {
    }

    static List<Capability> parse(String header) {
        List<Capability> capabilities = new ArrayList<>();
        if (header == null) {
            return capabilities;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> namespaces = new ArrayList<>();
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                int eq = indexOutsideQuotes(part, '=');
                if (eq < 0) {
                    namespaces.add(part.trim());
                    continue;
                }
                String name = part.substring(0, eq).trim();
                if (name.endsWith(":")) {
                    continue; // a directive
                }
                String value = unquote(part.substring(eq + 1).trim());
                int colon = name.indexOf(':');
                String type = colon < 0 ? "String" : name.substring(colon + 1).trim();
                attributes.put(colon < 0 ? name : name.substring(0, colon).trim(), typed(type, value));
            }
            for (String namespace : namespaces) {
                capabilities.add(new Capability(namespace, attributes));
            }
        }
        return capabilities;
    }

    private static Object typed(String type, String value) {
        String compact = type.replace(" ", "");
        if (compact.startsWith("List<") && compact.endsWith(">")) {
            String element = compact.substring(5, compact.length() - 1);
            List<Object> list = new ArrayList<>();
            for (String item : splitEscaped(value)) {
                list.add(typed(element, item.trim()));
            }
            return List.copyOf(list);
        }
        switch (compact) {
            case "Long":
                return Long.valueOf(value.trim());
            case "Double":
                return Double.valueOf(value.trim());
            default:
                return value;
        }
    }

    /** Splits at {@code separator} outside double quotes (a backslash escapes inside quotes). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static int indexOutsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1 && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** List elements: split at commas not preceded by a backslash; "\," is a literal comma. */
    private static List<String> splitEscaped(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                item.append(value.charAt(++i));
            } else if (c == ',') {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        return items;
    }
}
