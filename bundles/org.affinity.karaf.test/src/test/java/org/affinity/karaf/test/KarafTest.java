package org.affinity.karaf.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Affinity in a real Apache Karaf 4.4.10, as an integrator installs it: offline from the KAR,
 * feature:install affinity, the console, the HTTP API, and live swaps under load. Needs
 * AFFINITY_KARAF_DIST and AFFINITY_KARAF_JAVA_HOME, which ./affinity test sets.
 */
class KarafTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path FEATURES = ROOT.resolve("features/target/affinity-features.xml");
    static final Path WORK = Path.of("target/karaf").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void installsOfflineFromTheKarThenServesAndSwapsLiveWithoutAFailedRequest() throws Exception {
        String distribution = System.getenv("AFFINITY_KARAF_DIST");
        String javaHome = System.getenv("AFFINITY_KARAF_JAVA_HOME");
        assertNotNull(distribution, "AFFINITY_KARAF_DIST is not set: run this test with ./affinity test org.affinity.karaf.test");
        assertTrue(javaHome != null && !javaHome.isBlank(),
                "no JDK 17 found for Karaf 4.4 (it does not run on 25): install openjdk-17 or set AFFINITY_KARAF_JAVA_HOME");
        Path kar = kar();
        String features = Files.readString(FEATURES);

        Karaf karaf = Karaf.unpack(Path.of(distribution), Path.of(javaHome), WORK);
        try (karaf) {
            long started = System.nanoTime();
            karaf.start();
            System.out.printf("Karaf console up in %.1f s%n", seconds(started));

            long installing = System.nanoTime();
            List<String> install = karaf.steps("kar:install file:" + kar, "feature:install affinity",
                    "feature:list -i | grep affinity");
            System.out.printf("kar:install + feature:install affinity (offline) in %.1f s%n", seconds(installing));
            assertTrue(install.get(2).contains("affinity-platform"), install.get(2));

            JsonNode health = awaitUp(karaf, Duration.ofSeconds(90));
            assertEquals("UP", health.get("status").asText(), health.toString());
            System.out.printf("/api/health UP %.1f s after Karaf started%n", seconds(started));

            // The API gate in Karaf as in Felix: no key is 401 (problem details), the first admin key
            // (written on the first start into Karaf's data folder) is let in, anonymous health is the status only.
            var anonymous = karaf.get("/api/store", null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    anonymous.headers().toString());
            assertEquals(200, karaf.get("/api/store").statusCode(), "the first admin key is let in");
            assertEquals("{\"status\":\"UP\"}", karaf.get("/api/health", null).body());

            // The web console in Karaf: its page, script and vendored chart library, and what it asks first.
            var page = karaf.get("/console/index.html", null);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("console.js") && page.body().contains("uPlot"), page.body());
            for (String file : List.of("/console/console.js", "/console/console.css", "/console/vendor/uplot/uPlot.iife.min.js")) {
                assertEquals(200, karaf.get(file, null).statusCode(), file);
            }
            var whoami = karaf.get("/api/whoami");
            assertEquals(200, whoami.statusCode(), whoami.body());
            assertTrue(whoami.body().contains("\"admin\""), whoami.body());
            assertEquals(200, karaf.get("/api/store/daily").statusCode(), "the console's events-per-day route");

            // UP means every Affinity bundle is active and every component satisfied; the model may
            // still be loading in the background.
            awaitConsole(karaf, "affinity:model list", "(active)", Duration.ofSeconds(60));
            List<String> console = karaf.steps("affinity:status", "affinity:model list",
                    "config:list \"(service.pid=org.affinity.*)\" | grep -i pid");
            String status = console.get(0);
            Matcher counts = Pattern.compile("(\\d+) of (\\d+) Affinity bundles active").matcher(status);
            assertTrue(counts.find(), status);
            assertEquals(counts.group(2), counts.group(1), "every Affinity bundle is active:\n" + status);
            for (String bundle : List.of("org.affinity.api", "org.affinity.rest", "org.affinity.store.h2",
                    "org.affinity.shell.karaf", "org.affinity.embedding.onnx", "org.affinity.vector.lucene")) {
                assertTrue(status.contains(bundle), bundle + " is installed:\n" + status);
            }
            assertTrue(console.get(1).contains("* all-minilm-l6-v2-q") && console.get(1).contains("(active)"),
                    "the feature's <config> default is the model:\n" + console.get(1));
            assertTrue(console.get(2).contains("org.affinity.embedding") && console.get(2).contains("org.affinity.vector"),
                    "the features' <config> defaults are in ConfigAdmin:\n" + console.get(2));

            DemoSlice slice = DemoSlice.write(WORK.resolve("online-retail-slice.csv"), 20_000);
            List<String> imported = karaf.steps("affinity:import --preset online-retail " + slice.file(),
                    "affinity:members", "affinity:member " + slice.busiestMember(),
                    "affinity:campaign list");
            assertTrue(imported.get(0).contains("imported"), imported.get(0));
            assertTrue(imported.get(2).contains("member " + slice.busiestMember()), imported.get(2));
            assertTrue(imported.get(3).isBlank(), "the campaign commands run in Karaf (steps fails on 'Command not found'), "
                    + "and no campaign exists yet: " + imported.get(3));

            swapModelAndCapabilityUnderLoad(karaf, slice.busiestMember());
            if (features.contains("name=\"affinity-chat\"")) {
                // The knowledge base's commands run in Karaf, and its Chinese articles survived bge's restart.
                awaitConsole(karaf, "affinity:articles search can I send an item back", "returns-and-refunds",
                        Duration.ofSeconds(90));
                awaitConsole(karaf, "affinity:articles search 我想退货", "returns-and-refunds.zh", Duration.ofSeconds(90));
            }
            recommendationsSurviveReinstallingCf(karaf, features, slice.busiestMember());
        } finally {
            Files.writeString(WORK.resolve("transcript.txt"), karaf.transcript());
        }
        System.out.printf("console transcript: %s%n", WORK.resolve("transcript.txt"));
    }

    /**
     * A client calls the API while the embedding model is switched twice through configuration and
     * a model bundle stops and starts: no request may fail.
     */
    private static void swapModelAndCapabilityUnderLoad(Karaf karaf, String member) throws Exception {
        try (LoadClient client = LoadClient.start(karaf,
                // Liveness, not readiness: /api/health answers 503 while a feature's bundle starts, as it should.
                List.of("/api/health/live", "/api/store", "/api/jobs", "/api/members/" + member))) {
            List<String> swap = karaf.steps("feature:install affinity-model-bge",
                    "affinity:model use bge-small-zh-v1.5-q",
                    "affinity:model list",
                    "config:property-get -p org.affinity.embedding model",
                    "affinity:model use all-minilm-l6-v2",
                    // affinity-chat needs bge for Chinese, so its feature stays: the model bundle leaves live instead
                    "bundle:stop org.affinity.model.bge",
                    "affinity:model list",
                    "bundle:start org.affinity.model.bge");
            assertTrue(swap.get(1).contains("bge-small-zh-v1.5-q active after"), swap.get(1));
            assertTrue(swap.get(2).matches("(?s).*\\* bge-small-zh-v1.5-q .*\\(active\\).*"), swap.get(2));
            assertTrue(swap.get(3).contains("bge-small-zh-v1.5-q"), "the switch is configuration: " + swap.get(3));
            assertTrue(swap.get(4).contains("all-minilm-l6-v2 active after"), swap.get(4));
            assertFalse(swap.get(6).contains("bge-small-zh"), "bge's models left with its bundle:\n" + swap.get(6));
            assertTrue(swap.get(6).matches("(?s).*\\* all-minilm-l6-v2 .*\\(active\\).*"), swap.get(6));

            LoadClient.Tally tally = client.stop();
            System.out.printf("during the swaps: %s%n", tally);
            assertTrue(tally.requests() > 20, "the client kept calling: " + tally);
            assertEquals(0, tally.failures(), "no request failed: " + tally);
        }
    }

    /**
     * With the recommendation features built: install the strategies as features of their own, ask
     * for recommendations, and take cf out and back while a client asks for recommendations.
     */
    private static void recommendationsSurviveReinstallingCf(Karaf karaf, String features, String member)
            throws Exception {
        if (!features.contains("name=\"affinity-reco-cf\"") || !features.contains("name=\"affinity-reco-popularity\"")) {
            System.out.println("SKIPPED the recommendation part: features affinity-reco-popularity / affinity-reco-cf are "
                    + "not in features/target/affinity-features.xml yet (their bundles are not in the workspace)");
            return;
        }
        // Karaf cannot uninstall a feature another installed feature requires: make the strategies
        // roots of their own, then drop the aggregate (nothing is uninstalled by that).
        StringBuilder roots = new StringBuilder("feature:install affinity-platform");
        for (String strategy : List.of("popularity", "cf", "content", "hybrid")) {
            if (features.contains("name=\"affinity-reco-" + strategy + "\"")) {
                roots.append(" affinity-reco-").append(strategy);
            }
        }
        karaf.console(roots.toString(), "feature:uninstall affinity");
        // The router answers through its fallback chain whatever strategies are there.
        String recommended = karaf.console("affinity:recommend " + member);
        assertTrue(recommended.contains("strategy "), recommended);

        String path = "/api/members/" + member + "/recommendations";
        try (LoadClient client = LoadClient.start(karaf, List.of(path))) {
            String without = karaf.console("feature:uninstall affinity-reco-cf", "affinity:strategy list");
            assertFalse(without.lines().anyMatch(line -> line.matches("\\W*cf\\b.*")), "cf left:\n" + without);
            Thread.sleep(1000);
            karaf.console("feature:install affinity-reco-cf");
            Thread.sleep(1000);
            LoadClient.Tally tally = client.stop();
            System.out.printf("recommendations while cf left and came back: %s%n", tally);
            assertEquals(0, tally.failures(), "no recommendation request failed: " + tally);
        }
        String back = karaf.console("affinity:strategy list", "affinity:recommend " + member + " 10 cf");
        assertTrue(back.contains("cf"), "cf is there again and answers:\n" + back);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static Path kar() throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("features/target"))) {
            return files.filter(f -> f.toString().endsWith(".kar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no KAR under features/target: run ./affinity build"));
        }
    }

    private static String awaitConsole(Karaf karaf, String command, String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String output = karaf.poll(command).output();
        while (!output.contains(marker) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            output = karaf.poll(command).output();
        }
        assertTrue(output.contains(marker), command + " never showed '" + marker + "':\n" + output);
        return output;
    }

    /**
     * How long health must stay UP: Karaf hands the features' configurations to their components in
     * waves after feature:install, and each wave restarts what it configures (health was UP, then a
     * moment later DEGRADED while the store restarted, in one CI run).
     */
    private static final long STEADY_NANOS = Duration.ofSeconds(5).toNanos();

    /**
     * Waits for /api/health to say UP, and keep saying it for 5 s. On a timeout the message's first line says why (the CI shows
     * only that much): the last answer (a 503 names what is not ready) or the last connection error,
     * whether Karaf's JVM still runs, and any JVM crash report; Karaf's log follows.
     */
    private static JsonNode awaitUp(Karaf karaf, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        long upSince = 0;
        while (System.nanoTime() < deadline) {
            try {
                var response = karaf.get("/api/health");
                String body = response.body();
                last = response.statusCode() + " " + body.substring(0, Math.min(400, body.length())).replace('\n', ' ');
                if (response.statusCode() == 200) {
                    JsonNode health = JSON.readTree(body);
                    if (!"UP".equals(health.get("status").asText())) {
                        upSince = 0;
                    } else if (upSince == 0) {
                        upSince = System.nanoTime();
                    } else if (System.nanoTime() - upSince >= STEADY_NANOS) {
                        return health;
                    }
                } else {
                    upSince = 0;
                }
            } catch (java.io.IOException e) {
                last = "no answer: " + e; // Pax Web not listening yet
                upSince = 0;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/api/health not UP within " + timeout.toSeconds() + " s; last: " + last + "; " + karaf.process()
                + "\n" + karaf.log());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
