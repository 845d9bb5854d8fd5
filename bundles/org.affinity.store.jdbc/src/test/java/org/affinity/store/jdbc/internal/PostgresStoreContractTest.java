package org.affinity.store.jdbc.internal;

/** The Store contract on PostgreSQL; skipped (reported so) unless {@link Databases} names a server. */
class PostgresStoreContractTest extends JdbcStoreContract {

    PostgresStoreContractTest() {
        super(Dialect.POSTGRESQL);
    }
}
