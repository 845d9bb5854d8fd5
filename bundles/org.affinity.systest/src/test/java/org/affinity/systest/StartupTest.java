package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The runtime as users start it: healthy quickly, every bundle active on the console, clean stop. */
class StartupTest {

    @TempDir
    Path data;

    @Test
    void healthyWithEveryBundleActiveOnTheConsoleAndACleanStopOnSigterm() throws Exception {
        try (Runtime runtime = Runtime.start(data, true)) {
            // A bound for a machine shared with other builds (quiet, it takes 5-9 s): how fast is
            // the time printed here, not a timed assertion.
            double seconds = runtime.awaitHealthy(Duration.ofSeconds(60));
            System.out.printf("/api/health answered 200 %.1f s after the process started%n", seconds);
            // 200 is readiness: every capability is up by then, nothing is left to wait for.
            JsonNode health = new ObjectMapper().readTree(runtime.get("/api/health").body());
            assertEquals("UP", health.get("status").asText(), health.toString());

            runtime.console().write("lb\n".getBytes(StandardCharsets.UTF_8));
            runtime.console().flush();
            String listing = awaitOutput(runtime, "Affinity console commands", Duration.ofSeconds(10));
            List<String> bundles = listing.lines().filter(line -> line.matches("\\s*\\d+\\|.*")).toList();
            assertTrue(bundles.size() >= 20, "lb lists the runtime's bundles:\n" + listing);
            for (String line : bundles) {
                assertTrue(line.contains("|Active"), "not active: " + line);
            }

            runtime.process.destroy(); // SIGTERM
            assertTrue(runtime.process.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s");
            String log = Files.readString(data.resolve("log/affinity.log"));
            assertTrue(log.contains("JVM exit requested: stopping the framework"), log);
            assertTrue(log.contains("affinity-h2 - Shutdown completed"), "the database was closed:\n" + log);
        }
    }

    private static String awaitOutput(Runtime runtime, String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String output = runtime.output();
        while (!output.contains(marker) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            output = runtime.output();
        }
        return output;
    }
}
