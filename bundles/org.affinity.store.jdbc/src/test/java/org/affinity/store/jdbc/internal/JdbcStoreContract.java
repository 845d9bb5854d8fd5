package org.affinity.store.jdbc.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.store.testkit.StoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The checks the in-memory test double passes too, on a real database: if the double drifts from
 * the real store, one of the two fails the same check.
 */
abstract class JdbcStoreContract extends StoreContract {

    private final Dialect dialect;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<JdbcStore> stores = new ArrayList<>();

    @TempDir
    Path folder;

    JdbcStoreContract(Dialect dialect) {
        this.dialect = dialect;
    }

    @AfterEach
    void close() {
        stores.forEach(JdbcStore::close);
        pools.forEach(HikariDataSource::close);
    }

    @Override
    protected Store open() throws Exception {
        HikariDataSource pool = Databases.fresh(dialect, folder);
        pools.add(pool);
        JdbcStore store = new JdbcStore(pool, dialect, 16, Duration.ofSeconds(10));
        stores.add(store);
        return store;
    }

    @Override
    protected void listen(Store store, StoreListener listener) {
        ((JdbcStore) store).addListener(listener);
    }

    @Override
    protected void unlisten(Store store, StoreListener listener) {
        ((JdbcStore) store).removeListener(listener);
    }
}
