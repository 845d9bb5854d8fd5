package org.affinity.store.jdbc.internal;

/** A database failure, with the database's own message. */
class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
