package org.affinity.store.jdbc.internal;

import java.util.Locale;

/**
 * What differs between the databases we support. The schema itself is portable SQL; only
 * "insert unless the id exists" needs each database's own form.
 */
public enum Dialect {

    /** H2 has no ON CONFLICT outside PostgreSQL mode: insert from a guarded select. */
    H2("INSERT INTO events (id, type, member_id, item_id, quantity, price, text, ts, attributes) "
            + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = ?)", true),

    POSTGRESQL("INSERT INTO events (id, type, member_id, item_id, quantity, price, text, ts, attributes) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", false);

    /** The service property a store backend's DataSource carries: "h2" or "postgresql". */
    static final String PROPERTY = "affinity.store.dialect";

    final String insertEventUnlessPresent;
    /** Whether the id is bound a second time, for the NOT EXISTS guard. */
    final boolean idBoundTwice;

    Dialect(String insertEventUnlessPresent, boolean idBoundTwice) {
        this.insertEventUnlessPresent = insertEventUnlessPresent;
        this.idBoundTwice = idBoundTwice;
    }

    static Dialect of(Object property) {
        if (property == null) {
            throw new IllegalArgumentException("the DataSource has no " + PROPERTY + " property");
        }
        try {
            return valueOf(property.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported " + PROPERTY + " '" + property + "' (h2 or postgresql)");
        }
    }
}
