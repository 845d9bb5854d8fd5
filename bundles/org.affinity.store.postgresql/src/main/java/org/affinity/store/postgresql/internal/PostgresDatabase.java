package org.affinity.store.postgresql.internal;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/** PostgreSQL as a pooled DataSource; ranks above H2, so configuring it moves the store here. */
@Component(service = DataSource.class, configurationPid = "org.affinity.store.postgresql",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"affinity.store.dialect=postgresql", "service.ranking:Integer=10"})
@Designate(ocd = PostgresConfig.class)
public class PostgresDatabase extends HikariDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    @Activate
    public PostgresDatabase(PostgresConfig config) {
        if (config.url() == null || !config.url().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("org.affinity.store.postgresql: url must be a jdbc:postgresql: URL, was '"
                    + printable(config.url()) + "'");
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(config.url());
        postgres.setUser(config.user());
        postgres.setPassword(config.password());
        setDataSource(postgres);
        setMaximumPoolSize(config.poolSize());
        setPoolName("affinity-postgresql");
        LOG.info("PostgreSQL store database at {} as {}", printable(config.url()), config.user());
    }

    /** The URL as it may be logged: a password given in it (?password=...) masked. */
    static String printable(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1********");
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
