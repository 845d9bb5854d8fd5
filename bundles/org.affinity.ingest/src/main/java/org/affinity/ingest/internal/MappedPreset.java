package org.affinity.ingest.internal;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any file through a column mapping. Without a mapping, columns named like wire fields are taken as
 * they are (and the others reported as ignored); NDJSON objects pass through unchanged.
 */
final class MappedPreset implements Preset {

    private final Kind kind;
    private final Mapping mapping;
    private final ZoneId zone;
    private final boolean integerIds;
    private final boolean csv;

    /**
     * @param integerIds read "17850.0" ids as "17850"
     * @param csv without a mapping, CSV columns that are not wire fields are left out (and reported);
     *        NDJSON objects pass whole, so unknown fields are rejected by validation
     */
    MappedPreset(Kind kind, Mapping mapping, ZoneId zone, boolean integerIds, boolean csv) {
        this.kind = kind;
        this.mapping = mapping;
        this.zone = zone;
        this.integerIds = integerIds;
        this.csv = csv;
    }

    @Override
    public String name() {
        return mapping.isEmpty() ? "as-is" : "mapped";
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public List<String> requiredColumns() {
        List<String> columns = new ArrayList<>();
        mapping.targets().values().forEach(source -> {
            if (source.column() != null) {
                columns.add(source.column());
            }
        });
        return columns;
    }

    @Override
    public List<String> notes(List<String> header) {
        if (!csv) {
            return List.of();
        }
        List<String> ignored = new ArrayList<>();
        for (String column : header) {
            boolean used = mapping.isEmpty() ? known(column)
                    : mapping.targets().values().stream().anyMatch(s -> column.equals(s.column()));
            if (!used) {
                ignored.add(column);
            }
        }
        return ignored.isEmpty() ? List.of() : List.of("columns not imported (map them to keep them): " + String.join(", ", ignored));
    }

    private boolean known(String column) {
        switch (kind) {
            case EVENTS: return Records.EVENT_FIELDS.contains(column);
            case ITEMS: return Records.ITEM_FIELDS.contains(column);
            default: return Records.MEMBER_FIELDS.contains(column);
        }
    }

    @Override
    public Outcome map(Map<String, Object> row) {
        if (mapping.isEmpty()) {
            Map<String, Object> record = new HashMap<>();
            row.forEach((column, value) -> {
                if (!csv || known(column)) {
                    record.put(column, value);
                }
            });
            normalizeIds(record);
            return new Outcome(record, null, null, null);
        }
        Map<String, Object> record = new HashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, Object> consent = new LinkedHashMap<>();
        Map<String, Object> item = new HashMap<>();
        Map<String, Object> member = new LinkedHashMap<>();
        mapping.targets().forEach((target, source) -> {
            Object value = source.valueIn(row);
            if (value == null || (value instanceof String && ((String) value).isBlank())) {
                return;
            }
            if (target.startsWith("attributes.")) {
                attributes.put(target.substring("attributes.".length()), value);
            } else if (target.startsWith("consent.")) {
                consent.put(target.substring("consent.".length()), value);
            } else if (target.startsWith("item.")) {
                item.put(target.substring("item.".length()), value);
            } else if (target.startsWith("member.")) {
                member.put(target.substring("member.".length()), value);
            } else {
                record.put(target, value);
            }
        });
        if (!attributes.isEmpty()) {
            record.put("attributes", attributes);
        }
        if (!consent.isEmpty()) {
            record.put("consent", consent);
        }
        normalizeIds(record);
        Outcome.ItemHint itemHint = null;
        Object itemId = record.get("item");
        if (itemId != null && (item.containsKey("title") || item.containsKey("price") || item.containsKey("categories"))) {
            Object title = item.get("title");
            itemHint = new Outcome.ItemHint(itemId.toString(), title == null ? null : TitleCase.of(title.toString()), true,
                    decimal(item.get("price")), categories(item.get("categories")));
        }
        Outcome.MemberHint memberHint = null;
        Object memberId = record.get("member");
        if (memberId != null && !member.isEmpty()) {
            memberHint = new Outcome.MemberHint(memberId.toString(), member);
        }
        return new Outcome(record, null, itemHint, memberHint);
    }

    /** Spreadsheet exports write integer ids as floats ("17850.0"); read them as integers. */
    private void normalizeIds(Map<String, Object> record) {
        if (!integerIds) {
            return;
        }
        for (String field : List.of("id", "member", "item")) {
            Object value = record.get(field);
            if (value instanceof String) {
                record.put(field, OnlineRetail.integerId((String) value));
            }
        }
    }

    private static BigDecimal decimal(Object value) {
        try {
            return value == null ? null : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> categories(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String part : value.toString().split("[,|]")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result;
    }
}
