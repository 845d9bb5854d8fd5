package org.affinity.ingest.internal;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** How the rows of one kind of file become records: a built-in mapping or a column mapping. */
interface Preset {

    enum Kind {
        EVENTS, ITEMS, MEMBERS
    }

    String name();

    Kind kind();

    /** The zone of local date-times in the file. */
    ZoneId zone();

    /** Columns the file must have; checked against the header before anything is imported. */
    List<String> requiredColumns();

    Outcome map(Map<String, Object> row);

    /** Notes for the report (e.g. columns the mapping ignores). */
    default List<String> notes(List<String> header) {
        return List.of();
    }
}
