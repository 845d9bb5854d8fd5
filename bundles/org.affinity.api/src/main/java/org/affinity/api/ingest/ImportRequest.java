package org.affinity.api.ingest;

import java.nio.file.Path;
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
}
