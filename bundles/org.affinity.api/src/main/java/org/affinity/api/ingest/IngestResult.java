package org.affinity.api.ingest;

import java.util.List;

/** What a batch did: records stored, already-stored duplicates, and each rejected record's reason. */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejections) {

    public IngestResult {
        rejections = List.copyOf(rejections);
    }

    public boolean complete() {
        return rejections.isEmpty();
    }
}
