package org.affinity.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment's shortcut to the store's database: {@value #URL} (with {@value #USER} and
 * {@value #PASSWORD} or {@value #PASSWORD_FILE}) configures PID {@value #PID}, which outranks H2
 * once it has a url. This runs while the framework is still at start level 2, before the store's
 * bundles start, so the store opens on PostgreSQL from the first event.
 *
 * <p>What it configures holds for this run: a later start without {@value #URL} removes the
 * configuration it made (marked {@value #SOURCE}). A configuration made another way (a file in the
 * configuration folder, affinity:config, Karaf's config:*) is never overwritten: with both, the
 * environment is refused, loudly. The values come from the environment, never from the java command
 * line, so the password shows in no process listing; it is never logged.
 */
@Component
public class DatabaseFromEnvironment {

    static final String PID = "org.affinity.store.postgresql";
    static final String URL = "AFFINITY_DB_URL";
    static final String USER = "AFFINITY_DB_USER";
    static final String PASSWORD = "AFFINITY_DB_PASSWORD";
    static final String PASSWORD_FILE = "AFFINITY_DB_PASSWORD_FILE";
    /** Marks the configuration this component made (a private property: not passed on as a service property). */
    static final String SOURCE = ".affinity.source";
    static final String ENVIRONMENT = "environment";
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFromEnvironment.class);

    @Activate
    public DatabaseFromEnvironment(BundleContext context, @Reference ConfigurationAdmin configurations,
            @Reference DefaultConfigurations loggingConfigured) throws IOException {
        String folder = context.getProperty(ConfigFolders.FILEINSTALL_DIR);
        try {
            String done = apply(System.getenv(), folder == null ? null : Path.of(folder), configurations);
            if (done != null) {
                LOG.info(done);
            }
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
        }
    }

    /**
     * Applies the environment to the configuration.
     *
     * @return what was done, for the log (never a secret), or null when nothing was to do
     * @throws IllegalStateException naming what is wrong when the environment cannot be applied
     */
    static String apply(Map<String, String> environment, Path configFolder, ConfigurationAdmin configurations)
            throws IOException {
        String url = value(environment, URL);
        String user = value(environment, USER);
        String password = environment.get(PASSWORD) == null || environment.get(PASSWORD).isEmpty() ? null
                : environment.get(PASSWORD); // a password is taken as it is, spaces and all
        String passwordFile = value(environment, PASSWORD_FILE);
        Configuration configuration = configurations.getConfiguration(PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        boolean ours = current != null && ENVIRONMENT.equals(current.get(SOURCE));
        if (url == null) {
            if (ours) {
                configuration.delete();
                return URL + " is not set: removed the " + PID + " configuration an earlier start made from the environment";
            }
            if (user != null || password != null || passwordFile != null) {
                throw new IllegalStateException(firstSet(environment, USER, PASSWORD, PASSWORD_FILE) + " is set but " + URL
                        + " is not: the environment configures no database (set " + URL + "=jdbc:postgresql://host/db)");
            }
            return null;
        }
        Path file = configFile(configFolder);
        if (file != null) {
            throw new IllegalStateException(URL + " is set, and " + file + " configures " + PID + " too: the file is used "
                    + "and the environment ignored; remove the file or unset " + URL);
        }
        if (current != null && !ours) {
            throw new IllegalStateException(URL + " is set, but " + PID + " is configured already (affinity:config, "
                    + "ConfigAdmin): that configuration is used and the environment ignored; remove it with "
                    + "affinity:config delete " + PID + " to take the database from the environment");
        }
        if (password != null && passwordFile != null) {
            throw new IllegalStateException("both " + PASSWORD + " and " + PASSWORD_FILE + " are set: give one; "
                    + "the environment configures no database");
        }
        if (passwordFile != null) {
            try {
                // As `echo secret > file` writes it: the line's end is not part of the password.
                password = Files.readString(Path.of(passwordFile)).replaceFirst("\\r?\\n$", "");
            } catch (IOException e) {
                throw new IllegalStateException(PASSWORD_FILE + "=" + passwordFile + " cannot be read (" + e.getClass()
                        .getSimpleName() + "): the environment configures no database");
            }
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        if (current != null) { // poolSize and the like set since, with affinity:config, stay
            for (String key : Collections.list(current.keys())) {
                properties.put(key, current.get(key));
            }
            properties.remove(Constants.SERVICE_PID);
        }
        properties.put("url", url);
        properties.put(SOURCE, ENVIRONMENT);
        put(properties, "user", user);
        put(properties, "password", password);
        String described = "PostgreSQL at " + Secrets.maskUrl(url) + " as " + (user == null ? "the default user" : user)
                + (password == null ? ", no password" : passwordFile != null ? ", password from " + PASSWORD_FILE
                        : ", password from " + PASSWORD);
        if (current != null && same(current, properties)) {
            return "store database from the environment (unchanged): " + described;
        }
        configuration.update(properties);
        return "store database from the environment: " + described;
    }

    /** The file in the configuration folder that configures the PID, or null. */
    static Path configFile(Path folder) {
        if (folder == null) {
            return null;
        }
        for (String suffix : new String[] {".cfg", ".config"}) {
            Path file = folder.resolve(PID + suffix);
            if (Files.exists(file)) {
                return file;
            }
        }
        return null;
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        int compared = 0;
        for (String key : Collections.list(current.keys())) {
            if (key.equals(Constants.SERVICE_PID) || key.equals(FILEINSTALL_FILENAME)) {
                continue;
            }
            compared++;
            if (!current.get(key).equals(wanted.get(key))) {
                return false;
            }
        }
        return compared == wanted.size();
    }

    private static void put(Hashtable<String, Object> properties, String key, String value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
    }

    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String firstSet(Map<String, String> environment, String... names) {
        for (String name : names) {
            if (value(environment, name) != null) {
                return name;
            }
        }
        return names[0];
    }
}
