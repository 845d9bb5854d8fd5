package org.affinity.store.jdbc.internal;

/** The Store contract (org.affinity.store.testkit) on H2, the embedded default. */
class H2StoreContractTest extends JdbcStoreContract {

    H2StoreContractTest() {
        super(Dialect.H2);
    }
}
