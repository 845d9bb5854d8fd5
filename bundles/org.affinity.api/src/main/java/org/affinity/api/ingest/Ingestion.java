package org.affinity.api.ingest;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Validates and stores records that arrive as parsed JSON (REST bodies, NDJSON lines). Each call
 * is one batch: the valid records are stored in one transaction, the invalid ones are reported with
 * their line or index, the field and the reason; nothing is half-written.
 */
@ProviderType
public interface Ingestion {

    IngestResult events(List<IngestRecord> records);

    IngestResult items(List<IngestRecord> records);

    /** Members are replaced as given (attributes and consent). */
    IngestResult members(List<IngestRecord> records);
}
