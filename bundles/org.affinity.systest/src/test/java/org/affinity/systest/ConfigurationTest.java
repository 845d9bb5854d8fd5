package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The watched configuration folder (&lt;data&gt;/etc, FileInstall) and affinity:config on the
 * exported runtime: a .cfg there is in force from the first request, an edit takes effect while the
 * platform runs, a change made on the console applies at once (the file, never rewritten, wins at the
 * next start), and a secret in a
 * configuration file is made owner-only and never shown or logged.
 */
class ConfigurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void aCfgFileIsInForceFromTheStartFollowedWhileRunningAndItsSecretsStayHidden() throws Exception {
        Path etc = Files.createDirectories(data.resolve("etc"));
        Path ingest = etc.resolve("org.affinity.ingest.cfg");
        Files.writeString(ingest, "newMemberConsent = profiling\n");
        String secret = "secret-" + UUID.randomUUID();
        Path mail = etc.resolve("com.example.mail.cfg");
        Files.writeString(mail, "host = smtp.example.com\npassword = " + secret + "\n");
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rw-r--r--"));

        try (Runtime runtime = Runtime.start(data, true)) {
            runtime.awaitUp(Duration.ofSeconds(60));
            JsonNode first = consentOfANewMember(runtime, "cf-m1");
            assertTrue(first.get("profiling").asBoolean(), () -> "the file was in force from the first request: " + first
                    + "\n" + logLines("ingest", "fileinstall", "Configuration"));

            Files.writeString(ingest, "newMemberConsent = email\n");
            JsonNode consent = null;
            for (int i = 0; i < 100 && (consent == null || !consent.get("marketingEmail").asBoolean()); i++) {
                Thread.sleep(200);
                consent = consentOfANewMember(runtime, "cf-edit-" + i);
            }
            assertTrue(consent.get("marketingEmail").asBoolean() && !consent.get("profiling").asBoolean(),
                    "the edited file took effect while running: " + consent);

            String shown = console(runtime, "affinity:config show org.affinity.ingest", "settings from:");
            assertTrue(shown.contains("settings from: file org.affinity.ingest.cfg"), shown);
            String set = console(runtime, "affinity:config set org.affinity.ingest newMemberConsent push",
                    "org.affinity.ingest: newMemberConsent = [push]");
            assertTrue(set.contains("the file wins again at the next start"), set);
            JsonNode pushed = null;
            for (int i = 0; i < 100 && (pushed == null || !pushed.get("marketingPush").asBoolean()); i++) {
                Thread.sleep(100);
                pushed = consentOfANewMember(runtime, "cf-set-" + i);
            }
            assertTrue(pushed.get("marketingPush").asBoolean(), "the console's change applies at once: " + pushed);
            assertEquals("newMemberConsent = email\n", Files.readString(ingest), "the operator's file is not rewritten");

            String mailShown = console(runtime, "affinity:config show com.example.mail", "smtp.example.com");
            assertTrue(mailShown.matches("(?s).*password\\s+= \\(set, not shown\\).*"), mailShown);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mail)),
                    "a configuration file with a password is made owner-only");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc)));
            assertFalse(runtime.output().contains(secret), "the secret is not shown on the console");
            assertFalse(Files.readString(data.resolve("log/affinity.log")).contains(secret), "nor logged");
        }
    }

    private String logLines(String... words) {
        try {
            return Files.readString(data.resolve("log/affinity.log")).lines()
                    .filter(line -> java.util.Arrays.stream(words).anyMatch(line::contains))
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Posts an event for a member the store has not seen, and answers the consent they were given. */
    private static JsonNode consentOfANewMember(Runtime runtime, String member) throws Exception {
        var posted = runtime.post("/api/events", "{\"type\":\"view\",\"member\":\"" + member + "\",\"item\":\"cf-i1\"}");
        assertEquals(200, posted.statusCode(), posted.body());
        return JSON.readTree(runtime.get("/api/members/" + member).body()).get("consent");
    }

    /** Types a command on the Gogo console and returns the console output once it shows {@code marker}. */
    private static String console(Runtime runtime, String command, String marker) throws Exception {
        int before = runtime.output().length();
        runtime.console().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        runtime.console().flush();
        long deadline = System.nanoTime() + 20_000_000_000L;
        String output = runtime.output().substring(before);
        while (!output.contains(marker) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            output = runtime.output().substring(before);
        }
        assertTrue(output.contains(marker), command + " printed:\n" + output);
        Thread.sleep(300); // the rest of the answer
        return runtime.output().substring(before);
    }
}
