package org.affinity.api.ingest;

import java.util.List;

/**
 * The outcome of an import. Every line read is counted in exactly one of imported, duplicates,
 * skipped (deliberately not imported, with a reason, e.g. guest checkouts) or rejected.
 */
public record ImportReport(long read, long imported, long duplicates, long skipped, long rejected,
        List<Rejection> rejections, List<String> notes) {

    public ImportReport {
        rejections = List.copyOf(rejections);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
