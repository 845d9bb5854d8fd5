package org.affinity.store.h2.internal;

import java.io.File;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The H2 file database as a pooled DataSource.
 *
 * <p>WRITE_DELAY=0: H2 otherwise flushes committed transactions up to 500 ms later, and a crash in
 * that window would lose writes the API already acknowledged. DB_CLOSE_ON_EXIT=FALSE: the database
 * is closed by this component when the framework stops, not by H2's own shutdown hook racing it.
 */
@Component(service = DataSource.class, configurationPid = "org.affinity.store.h2",
        property = {"affinity.store.dialect=h2", "service.ranking:Integer=0"})
@Designate(ocd = H2Config.class)
public class H2Database extends HikariDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);

    @Activate
    public H2Database(BundleContext context, H2Config config) {
        File file = config.path().isBlank()
                ? new File(dataFolder(context), "store/affinity")
                : new File(config.path());
        file.getAbsoluteFile().getParentFile().mkdirs();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url(file, config.cacheMegabytes()));
        h2.setUser("affinity");
        h2.setPassword("");
        setDataSource(h2);
        setMaximumPoolSize(config.poolSize());
        setPoolName("affinity-h2");
        LOG.info("H2 store database at {}.mv.db", file.getAbsolutePath());
    }

    static String url(File file, int cacheMegabytes) {
        return "jdbc:h2:file:" + file.getAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE="
                + cacheMegabytes * 1024;
    }

    private static File dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return new File(data == null || data.isBlank() ? "var" : data);
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
