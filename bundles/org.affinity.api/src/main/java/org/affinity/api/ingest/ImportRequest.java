package org.affinity.api.ingest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An import of one file.
 *
 * @param source the file (CSV or NDJSON, plain or gzip: told apart by content, not by name)
 * @param preset a built-in mapping ("online-retail", "luma-products", "luma-reviews") or null
 * @param mapping target field to source column (e.g. member=CustomerID); overrides the preset
 * @param options further switches (e.g. kind=events|items|members, delimiter=;)
 */
public record ImportRequest(Path source, String preset, Map<String, String> mapping, Map<String, String> options) {

    public ImportRequest {
        Objects.requireNonNull(source, "source");
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /**
     * Parses the mapping syntax of the console and the REST API:
     * {@code member=CustomerID,item=StockCode,type='purchase'} (commas inside quotes belong to the
     * literal).
     *
     * @throws IllegalArgumentException naming an entry that is not target=source
     */
    public static Map<String, String> mapping(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return entries;
        }
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : (text + ",").toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c != ',' || quoted) {
                part.append(c);
                continue;
            }
            String entry = part.toString().trim();
            part.setLength(0);
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("mapping: '" + entry + "' is not target=Column");
            }
            entries.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return entries;
    }
}
