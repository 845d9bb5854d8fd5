package org.affinity.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds each OSGI-INF/defaults/&lt;pid&gt;.cfg of this bundle into ConfigAdmin when that PID has no
 * configuration yet. An existing configuration is never touched: what an operator changed stays.
 * (The OSGi Configurator does the same with a "default" policy, but needs a JSON stack we would
 * carry for this one job.) Registered as a service so that the runtime's other start-up components
 * can wait for it: what they log on a first start then reaches the log file.
 */
@Component(service = DefaultConfigurations.class)
public class DefaultConfigurations {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigurations.class);
    private static final String SUFFIX = ".cfg";
    private static final String LOGGING_PID = "org.ops4j.pax.logging";

    @Activate
    public DefaultConfigurations(BundleContext context, @Reference ConfigurationAdmin configurations) throws IOException {
        Enumeration<URL> entries = context.getBundle().findEntries("OSGI-INF/defaults", "*" + SUFFIX, false);
        if (entries == null) {
            return;
        }
        boolean loggingSeeded = false;
        for (URL entry : Collections.list(entries)) {
            String file = entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1);
            String pid = file.substring(0, file.length() - SUFFIX.length());
            loggingSeeded |= seed(configurations, pid, entry) && pid.equals(LOGGING_PID);
        }
        if (loggingSeeded) {
            awaitLoggingConfigured();
        }
    }

    /**
     * On a first start pax-logging applies the seeded configuration asynchronously; until then only
     * WARN passes. Waiting briefly here keeps the INFO lines of the rest of the start-up in the log.
     */
    private static void awaitLoggingConfigured() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!LOG.isInfoEnabled() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("logging configured from the seeded defaults");
    }

    static boolean seed(ConfigurationAdmin configurations, String pid, URL source) throws IOException {
        Configuration configuration = configurations.getConfiguration(pid, "?");
        if (configuration.getProperties() != null) {
            return false;
        }
        configuration.update(read(source));
        LOG.info("seeded default configuration {}", pid);
        return true;
    }

    static Dictionary<String, Object> read(URL source) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = source.openStream()) {
            properties.load(in);
        }
        Hashtable<String, Object> values = new Hashtable<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        return values;
    }
}
