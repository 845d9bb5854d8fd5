package org.affinity.ingest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A column mapping, "target=Column,target='literal',...", e.g.
 * {@code member=CustomerID,item=StockCode,time=InvoiceDate,type='purchase',item.title=Description}.
 * Targets are the wire fields of the kind imported, plus {@code attributes.<name>},
 * {@code item.<title|description|categories|price>} and {@code member.<attribute>} for events.
 */
final class Mapping {

    /** A source: a column of the file, or a literal in single quotes. */
    record Source(String column, String literal) {

        Object valueIn(Map<String, Object> row) {
            return literal != null ? literal : row.get(column);
        }
    }

    private final Map<String, Source> targets;

    private Mapping(Map<String, Source> targets) {
        this.targets = targets;
    }

    Map<String, Source> targets() {
        return targets;
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /**
     * Parses a mapping and checks every target against what the kind accepts.
     *
     * @throws IllegalArgumentException naming the bad entry and what is accepted
     */
    static Mapping parse(Map<String, String> entries, Preset.Kind kind) {
        Map<String, Source> targets = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String target = entry.getKey().trim();
            String value = entry.getValue().trim();
            if (!accepts(kind, target)) {
                throw new IllegalArgumentException("mapping: unknown target '" + target + "' for " + kind.name().toLowerCase()
                        + " (accepted: " + String.join(", ", accepted(kind)) + ")");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("mapping: target '" + target + "' has no column");
            }
            boolean literal = value.length() >= 2 && value.startsWith("'") && value.endsWith("'");
            targets.put(target, literal ? new Source(null, value.substring(1, value.length() - 1)) : new Source(value, null));
        }
        return new Mapping(targets);
    }

    static boolean accepts(Preset.Kind kind, String target) {
        switch (kind) {
            case EVENTS:
                return Records.EVENT_FIELDS.contains(target) && !target.equals("attributes")
                        || target.startsWith("attributes.") || target.startsWith("member.")
                        || Set.of("item.title", "item.description", "item.categories", "item.price").contains(target);
            case ITEMS:
                return Records.ITEM_FIELDS.contains(target) && !target.equals("attributes") || target.startsWith("attributes.");
            default:
                return (Records.MEMBER_FIELDS.contains(target) && !target.equals("attributes") && !target.equals("consent"))
                        || target.startsWith("attributes.") || target.startsWith("consent.");
        }
    }

    static List<String> accepted(Preset.Kind kind) {
        Set<String> names = new TreeSet<>();
        switch (kind) {
            case EVENTS:
                names.addAll(Records.EVENT_FIELDS);
                names.addAll(List.of("item.title", "item.description", "item.categories", "item.price",
                        "member.<attribute>"));
                break;
            case ITEMS:
                names.addAll(Records.ITEM_FIELDS);
                break;
            default:
                names.addAll(Records.MEMBER_FIELDS);
                names.add("consent.<email|sms|push|profiling>");
                names.remove("consent");
        }
        names.remove("attributes");
        names.add("attributes.<name>");
        return new ArrayList<>(names);
    }
}
