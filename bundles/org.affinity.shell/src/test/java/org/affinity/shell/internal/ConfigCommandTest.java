package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigCommandTest {

    private static final String PG = "org.affinity.store.postgresql";
    private static final String SECRET = "s3cr3t-Pa55";

    @TempDir
    Path folder;

    private final MemoryConfigurations configurations = new MemoryConfigurations();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ConfigCommand command = new ConfigCommand(configurations.admin, () -> Map.of(
            PG, new ConfigCommand.Described(PG, new Definition("Affinity store backend: PostgreSQL",
                    new Attribute("url", "JDBC URL", AttributeDefinition.STRING, 0, null, null),
                    new Attribute("user", "User", AttributeDefinition.STRING, 0, "affinity", null),
                    new Attribute("password", "Password", AttributeDefinition.PASSWORD, 0, "", null),
                    new Attribute("poolSize", "Pool size", AttributeDefinition.INTEGER, 0, "10", null)),
                    "org.affinity.store.postgresql"),
            "org.affinity.ingest", new ConfigCommand.Described("org.affinity.ingest", new Definition("Affinity ingestion",
                    new Attribute("newMemberConsent", "Consent", AttributeDefinition.STRING, 4, null,
                            new String[] {"profiling", "email", "sms", "push"})), "org.affinity.ingest")));

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void setTypesValuesByTheMetatypeAndShowNeverPrintsThePassword() throws Exception {
        Path secret = folder.resolve("db-password");
        Files.writeString(secret, SECRET + "\n");
        command.set(PG, "url", List.of("jdbc:postgresql://db:5432/affinity"), out);
        command.set(PG, "poolSize", List.of("20"), out);
        command.set(PG, "password", List.of("--file", secret.toString()), out);
        Hashtable<String, Object> stored = configurations.stored.get(PG);
        assertEquals("jdbc:postgresql://db:5432/affinity", stored.get("url"));
        assertEquals(20, stored.get("poolSize"), "an INTEGER attribute is stored as an Integer");
        assertEquals(SECRET, stored.get("password"), "the file's line end is not part of the password");
        command.show(PG, out);
        command.list(out);
        String printed = output();
        assertFalse(printed.contains(SECRET), printed);
        assertTrue(printed.contains("org.affinity.store.postgresql: password = " + ConfigCommand.HIDDEN + " (read from "),
                printed);
        assertTrue(printed.contains("poolSize               = 20"), printed);
        assertTrue(printed.contains("user                   = affinity (default)"), printed);
        assertTrue(printed.contains("password               = " + ConfigCommand.HIDDEN), printed);
        assertTrue(printed.matches("(?s).*org.affinity.ingest\\s+defaults\\s+Affinity ingestion.*"), printed);
        assertTrue(printed.matches("(?s).*org.affinity.store.postgresql\\s+ConfigAdmin\\s+Affinity store backend.*"), printed);
    }

    @Test
    void aPasswordInsideAUrlIsMaskedAndAKeyNamingASecretIsHiddenWithoutMetatype() throws Exception {
        command.set(PG, "url", List.of("jdbc:postgresql://db/affinity?user=a&password=" + SECRET + "&ssl=true"), out);
        command.set("com.example.mail", "smtpPassword", List.of(SECRET), out);
        command.show(PG, out);
        command.show("com.example.mail", out);
        String printed = output();
        assertFalse(printed.contains(SECRET), printed);
        assertTrue(printed.contains("password=********&ssl=true"), printed);
        assertEquals(SECRET, configurations.stored.get("com.example.mail").get("smtpPassword"));
    }

    @Test
    void listValuedAttributesTakeSeveralValuesOrOneCommaSeparatedAndOnlyTheirOptions() throws Exception {
        command.set("org.affinity.ingest", "newMemberConsent", List.of("profiling", "email"), out);
        assertArrayEquals(new String[] {"profiling", "email"},
                (String[]) configurations.stored.get("org.affinity.ingest").get("newMemberConsent"));
        command.set("org.affinity.ingest", "newMemberConsent", List.of("profiling,push"), out);
        assertArrayEquals(new String[] {"profiling", "push"},
                (String[]) configurations.stored.get("org.affinity.ingest").get("newMemberConsent"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> command.set("org.affinity.ingest", "newMemberConsent", List.of("telepathy"), out));
        assertEquals("org.affinity.ingest: newMemberConsent must be one of profiling, email, sms, push, was 'telepathy'",
                wrong.getMessage());
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrongAndNothingIsWritten() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> command.set(PG, "uri", List.of("x"), out));
        assertEquals(PG + " has no property 'uri'; it has: url, user, password, poolSize", unknown.getMessage());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> command.set(PG, "poolSize", List.of("many"), out));
        assertEquals(PG + ": poolSize must be a Integer, was 'many'", notANumber.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> command.set(PG, "poolSize", List.of("500"), out));
        assertEquals(PG + ": poolSize '500' is not valid: at most 200", tooBig.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> command.set(PG, "user", List.of("a", "b"), out));
        assertEquals(PG + ": user takes one value, got 2", two.getMessage());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> command.set(PG, "password", List.of("--file", folder.resolve("nope").toString()), out));
        assertTrue(noFile.getMessage().startsWith("cannot read "), noFile.getMessage());
        assertTrue(configurations.stored.isEmpty(), "nothing written: " + configurations.stored);
        assertThrows(IllegalArgumentException.class, () -> command.show("org.nobody", out));
        assertThrows(IllegalArgumentException.class, () -> command.unset(PG, List.of("url"), out), "not configured");
    }

    @Test
    void unsetGoesBackToTheDefaultAndDeleteRemovesTheConfiguration() throws Exception {
        command.set(PG, "url", List.of("jdbc:postgresql://db/affinity"), out);
        command.set(PG, "user", List.of("shop"), out);
        command.unset(PG, List.of("user"), out);
        assertEquals(Map.of("url", "jdbc:postgresql://db/affinity"), Map.copyOf(configurations.stored.get(PG)));
        IllegalArgumentException notSet = assertThrows(IllegalArgumentException.class,
                () -> command.unset(PG, List.of("poolSize"), out));
        assertEquals(PG + " has no poolSize set (affinity:config show " + PG + ")", notSet.getMessage());
        command.delete(PG, out);
        assertFalse(configurations.stored.containsKey(PG));
        assertTrue(output().contains(PG + ": configuration deleted"), output());
    }

    /** A metatype definition with a fixed list of attributes. */
    private record Definition(String name, AttributeDefinition... attributes) implements ObjectClassDefinition {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return name;
        }

        @Override
        public String getDescription() {
            return null;
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return attributes;
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    }

    /** An attribute; INTEGER values validate to 1..200 as the PostgreSQL pool size does. */
    private record Attribute(String id, String name, int type, int cardinality, String defaultValue, String[] options)
            implements AttributeDefinition {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return null;
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            if (type == INTEGER) {
                try {
                    int number = Integer.parseInt(value);
                    return number < 1 ? "at least 1" : number > 200 ? "at most 200" : "";
                } catch (NumberFormatException e) {
                    return "not a number";
                }
            }
            return null;
        }

        @Override
        public String[] getDefaultValue() {
            return defaultValue == null ? null : new String[] {defaultValue};
        }
    }
}
