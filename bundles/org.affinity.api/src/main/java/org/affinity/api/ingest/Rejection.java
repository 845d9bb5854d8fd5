package org.affinity.api.ingest;

/** Why a line (1-based, counting the header) or record was not imported, and which field was wrong. */
public record Rejection(long line, String field, String reason) {

    @Override
    public String toString() {
        return "line " + line + (field == null ? "" : ", " + field) + ": " + reason;
    }
}
