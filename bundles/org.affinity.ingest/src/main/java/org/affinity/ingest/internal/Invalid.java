package org.affinity.ingest.internal;

/** A field that failed validation: which one and why. Thrown inside parsing, caught per record. */
final class Invalid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String field;

    Invalid(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }
}
