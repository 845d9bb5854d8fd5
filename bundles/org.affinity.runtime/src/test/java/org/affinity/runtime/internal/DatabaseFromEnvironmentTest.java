package org.affinity.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class DatabaseFromEnvironmentTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/shop";
    private static final String SECRET = "pa55 word";

    @TempDir
    Path folder;

    /** The one configuration the shortcut touches, in memory; null while there is none. */
    private Hashtable<String, Object> stored;

    private final ConfigurationAdmin configurations = (ConfigurationAdmin) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                assertEquals("getConfiguration", method.getName());
                assertEquals(DatabaseFromEnvironment.PID, args[0]);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                        (configuration, call, values) -> switch (call.getName()) {
                            case "getProperties" -> stored == null ? null : new Hashtable<>(stored);
                            case "update" -> {
                                @SuppressWarnings("unchecked")
                                Dictionary<String, Object> given = (Dictionary<String, Object>) values[0];
                                stored = new Hashtable<>();
                                Collections.list(given.keys()).forEach(key -> stored.put(key, given.get(key)));
                                yield null;
                            }
                            case "delete" -> {
                                stored = null;
                                yield null;
                            }
                            default -> throw new UnsupportedOperationException(call.getName());
                        });
            });

    private String apply(Map<String, String> environment) throws Exception {
        return DatabaseFromEnvironment.apply(environment, folder, configurations);
    }

    @Test
    void theUrlUserAndPasswordConfigureThePostgresqlPidAndTheLogLineHoldsNoSecret() throws Exception {
        String done = apply(Map.of("AFFINITY_DB_URL", URL, "AFFINITY_DB_USER", "shop", "AFFINITY_DB_PASSWORD", SECRET));
        assertEquals(URL, stored.get("url"));
        assertEquals("shop", stored.get("user"));
        assertEquals(SECRET, stored.get("password"), "a password is taken as it is");
        assertEquals("environment", stored.get(DatabaseFromEnvironment.SOURCE));
        assertEquals("store database from the environment: PostgreSQL at " + URL + " as shop, password from "
                + "AFFINITY_DB_PASSWORD", done);
        assertFalse(done.contains(SECRET));
    }

    @Test
    void aPasswordFileIsReadWithoutItsLineEndAndAPasswordInTheUrlIsMaskedInTheLog() throws Exception {
        Path file = folder.resolve("db-password");
        Files.writeString(file, SECRET + "\n");
        String done = apply(Map.of("AFFINITY_DB_URL", URL + "?password=" + SECRET, "AFFINITY_DB_PASSWORD_FILE", file.toString()));
        assertEquals(SECRET, stored.get("password"));
        assertFalse(stored.containsKey("user"), "no user given: the component's default applies");
        assertFalse(done.contains(SECRET), done);
        assertTrue(done.contains("?password=********"), done);
    }

    @Test
    void theSettingsHoldForOneRunWhatOtherSettingsWereAddedStays() throws Exception {
        apply(Map.of("AFFINITY_DB_URL", URL, "AFFINITY_DB_PASSWORD", SECRET));
        stored.put("poolSize", 20); // affinity:config set, meanwhile
        assertTrue(apply(Map.of("AFFINITY_DB_URL", URL, "AFFINITY_DB_PASSWORD", SECRET)).contains("(unchanged)"));
        apply(Map.of("AFFINITY_DB_URL", URL));
        assertEquals(20, stored.get("poolSize"));
        assertFalse(stored.containsKey("password"), "a password no longer given is gone");
        String removed = apply(Map.of());
        assertNull(stored, "without AFFINITY_DB_URL the configuration it made goes: the store is back on H2");
        assertTrue(removed.startsWith("AFFINITY_DB_URL is not set: removed"), removed);
        assertNull(apply(Map.of()), "nothing to do, nothing said");
    }

    @Test
    void aConfigurationMadeAnotherWayIsNeverOverwritten() throws Exception {
        Files.writeString(folder.resolve("org.affinity.store.postgresql.cfg"), "url = jdbc:postgresql://file/db\n");
        IllegalStateException file = assertThrows(IllegalStateException.class, () -> apply(Map.of("AFFINITY_DB_URL", URL)));
        assertTrue(file.getMessage().contains("org.affinity.store.postgresql.cfg configures org.affinity.store.postgresql too"),
                file.getMessage());
        assertNull(stored);
        Files.delete(folder.resolve("org.affinity.store.postgresql.cfg"));

        stored = new Hashtable<>(Map.of("url", "jdbc:postgresql://console/db"));
        IllegalStateException console = assertThrows(IllegalStateException.class, () -> apply(Map.of("AFFINITY_DB_URL", URL)));
        assertTrue(console.getMessage().contains("affinity:config delete org.affinity.store.postgresql"), console.getMessage());
        assertEquals("jdbc:postgresql://console/db", stored.get("url"));
        assertNull(apply(Map.of()), "and without the environment it is left alone");
        assertEquals("jdbc:postgresql://console/db", stored.get("url"));
    }

    @Test
    void halfAnEnvironmentIsAnErrorNamingWhatIsMissing() {
        Map<String, String> environment = new HashMap<>(Map.of("AFFINITY_DB_PASSWORD", SECRET));
        IllegalStateException noUrl = assertThrows(IllegalStateException.class, () -> apply(environment));
        assertTrue(noUrl.getMessage().startsWith("AFFINITY_DB_PASSWORD is set but AFFINITY_DB_URL is not"), noUrl.getMessage());
        environment.put("AFFINITY_DB_URL", URL);
        environment.put("AFFINITY_DB_PASSWORD_FILE", "/nowhere");
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> apply(environment));
        assertTrue(both.getMessage().startsWith("both AFFINITY_DB_PASSWORD and AFFINITY_DB_PASSWORD_FILE are set"));
        environment.remove("AFFINITY_DB_PASSWORD");
        IllegalStateException unreadable = assertThrows(IllegalStateException.class, () -> apply(environment));
        assertTrue(unreadable.getMessage().startsWith("AFFINITY_DB_PASSWORD_FILE=/nowhere cannot be read"),
                unreadable.getMessage());
        assertFalse(noUrl.getMessage().contains(SECRET) || both.getMessage().contains(SECRET));
        assertNull(stored);
    }
}
