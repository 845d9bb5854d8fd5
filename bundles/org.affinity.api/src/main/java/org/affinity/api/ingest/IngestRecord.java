package org.affinity.api.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * One record as parsed from JSON: values are String, Number, Boolean, List, Map or null.
 *
 * @param line where it came from (NDJSON line, or 1-based position in a JSON array)
 */
public record IngestRecord(long line, Map<String, Object> fields) {

    public IngestRecord {
        Objects.requireNonNull(fields, "fields");
    }
}
