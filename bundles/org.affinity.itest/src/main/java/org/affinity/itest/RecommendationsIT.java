package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.affinity.api.event.Event;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.JobState;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Routing;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Recommendations in the real runtime on a real slice of the Online Retail demo data: strategy
 * bundles are installed, updated, stopped and uninstalled while threads request recommendations,
 * and not one request fails; a strategy installed at runtime serves the next request; the default
 * strategy swaps live through REST and ConfigAdmin.
 */
class RecommendationsIT {

    private static final long WAIT = 60_000;
    private static final String PROBE = "org.affinity.reco.probe";
    private static final AtomicBoolean IMPORTED = new AtomicBoolean();
    /**
     * No request may take this long while bundles swap: loose for a shared CI machine (the target on
     * the demo shop is 1 s, measured by ./affinity bench swap), tight enough that a strategy that
     * takes traffic cold (seconds) or a dead store fails the test.
     */
    private static final long SWAP_BOUND_NANOS = 2_000_000_000L;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = WAIT)
    Recommendations recommendations;

    @InjectService(timeout = WAIT)
    Store store;

    @InjectService(timeout = WAIT)
    HttpServiceRuntime http;

    @InjectService(timeout = WAIT)
    ConfigurationAdmin configurations;

    @InjectService(timeout = WAIT)
    Importer importer;

    private Routing initial;

    /** Imports the first 20,000 lines of the demo bundle's Online Retail file once. */
    @BeforeEach
    void realSlice() throws Exception {
        initial = recommendations.routing();
        if (IMPORTED.getAndSet(true)) {
            return;
        }
        Bundle demo = bundle("org.affinity.demo");
        Path slice = Path.of(context.getProperty("affinity.data"), "online-retail-slice.csv.gz");
        Files.createDirectories(slice.getParent());
        try (InputStream in = new GZIPInputStream(demo.getEntry("data/online-retail.csv.gz").openStream());
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(slice)), StandardCharsets.UTF_8)) {
            String line;
            for (int n = 0; n <= 20_000 && (line = reader.readLine()) != null; n++) {
                out.write(line);
                out.write('\n');
            }
        }
        assertEquals(JobState.SUCCEEDED, importer.start(new ImportRequest(slice, "online-retail", null, null))
                .await(Duration.ofMinutes(3)).state());
        assertTrue(store.awaitListeners(Duration.ofMinutes(1)));
    }

    @AfterEach
    void restore() throws Exception {
        recommendations.configure(initial);
        Bundle probe = findBundle(PROBE);
        if (probe != null) {
            probe.uninstall();
        }
    }

    /** The member with the most events in the slice. */
    private String buyer() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        store.scanEvents(e -> counts.merge(e.memberId(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private List<String> members() {
        List<String> members = new ArrayList<>();
        store.scanMembers(m -> members.add(m.id()));
        return members;
    }

    @Test
    void realRecommendationsOverHttpAreExplainedAndSkipWhatWasBought() throws Exception {
        String buyer = buyer();
        JsonNode body = Http.json(Http.get(http, "/api/members/" + buyer + "/recommendations?n=10"));
        assertEquals(10, body.get("items").size(), body.toString());
        Set<String> bought = new java.util.HashSet<>();
        for (Event event : store.events(buyer)) {
            bought.add(event.itemId());
        }
        for (JsonNode item : body.get("items")) {
            assertFalse(item.get("explanation").asText().isBlank());
            assertFalse(item.get("title").asText().isBlank());
            assertFalse(bought.contains(item.get("item").asText()), item + " was bought");
        }
        assertEquals(body.get("id").asText(), body.get("attribution").get("recommendation").asText());

        JsonNode trending = Http.json(Http.get(http, "/api/members/" + buyer + "/recommendations?n=10&strategy=trending"));
        assertEquals("trending", trending.get("strategy").asText());
        assertEquals("request", trending.get("arm").asText());

        String item = body.get("items").get(0).get("item").asText();
        HttpResponse<String> similar = Http.get(http, "/api/items/" + item + "/recommendations?n=5");
        assertEquals(200, similar.statusCode(), similar.body());
        assertEquals(5, Http.json(similar).get("items").size());
        assertEquals(404, Http.get(http, "/api/items/no-such-item/recommendations").statusCode());
        assertEquals(400, Http.get(http, "/api/members/" + buyer + "/recommendations?n=0").statusCode());
        assertEquals(400, Http.get(http, "/api/members/" + buyer + "/recommendations?minPrice=cheap").statusCode());

        JsonNode strategies = Http.json(Http.get(http, "/api/strategies"));
        List<String> present = new ArrayList<>();
        strategies.get("strategies").forEach(s -> present.add(s.asText()));
        assertTrue(present.containsAll(List.of("hybrid", "popularity", "trending")), present.toString());
    }

    @Test
    void aStrategyBundleInstalledAtRuntimeServesTheNextRequest() throws Exception {
        String buyer = buyer();
        RecommendationResult before = recommendations.recommend(RecommendationRequest.forMember(buyer, 5).withStrategy("probe"));
        assertTrue(before.fallbacks().contains("probe: not present"), before.fallbacks().toString());
        assertEquals(5, before.items().size());

        Bundle probe = installProbe();
        probe.start();
        await(() -> recommendations.strategies().contains("probe"), "the probe strategy is registered");
        RecommendationResult after = recommendations.recommend(RecommendationRequest.forMember(buyer, 5).withStrategy("probe"));
        assertEquals("probe", after.strategy());
        assertTrue(after.items().get(0).explanation().startsWith("probe revision"), after.items().toString());

        probe.uninstall();
        assertFalse(recommendations.strategies().contains("probe"));
        RecommendationResult gone = recommendations.recommend(RecommendationRequest.forMember(buyer, 5).withStrategy("probe"));
        assertNotEquals("probe", gone.strategy());
        assertEquals(5, gone.items().size());
    }

    @Test
    void churningStrategyBundlesUnderLoadFailsNoRequest() throws Exception {
        List<String> members = members();
        recommendations.configure(initial.withDefault("probe"));
        Bundle probe = installProbe();
        probe.start();
        Bundle hybrid = bundle("org.affinity.reco.hybrid");
        AtomicLong requests = new AtomicLong();
        AtomicLong byProbe = new AtomicLong();
        AtomicLong byFallback = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong slowest = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean overHttp = t == 3;
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String member = members.get(ThreadLocalRandom.current().nextInt(members.size()));
                    long started = System.nanoTime();
                    try {
                        if (overHttp) {
                            HttpResponse<String> response = Http.get(http, "/api/members/" + member + "/recommendations?n=10");
                            if (response.statusCode() != 200 || Http.json(response).get("items").size() != 10) {
                                failures.add("HTTP " + response.statusCode() + " " + response.body());
                            }
                        } else {
                            RecommendationResult result = recommendations.recommend(RecommendationRequest.forMember(member, 10));
                            if (result.items().size() != 10) {
                                failures.add(member + ": " + result.items().size() + " items, " + result.fallbacks());
                            }
                            (result.strategy().equals("probe") ? byProbe : byFallback).incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(member + ": " + e);
                    }
                    slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
                    requests.incrementAndGet();
                }
            }, "reco-load-" + t);
            threads.add(thread);
            thread.start();
        }
        try {
            for (int round = 0; round < 3; round++) {
                pause(requests, 50);
                probe.stop();
                pause(requests, 50);
                probe.start();
                pause(requests, 50);
                probe.update(probeJar());
                pause(requests, 50);
                hybrid.stop();
                pause(requests, 50);
                probe.uninstall();
                pause(requests, 50);
                hybrid.start();
                probe = installProbe();
                probe.start();
            }
            pause(requests, 50);
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            if (hybrid.getState() != Bundle.ACTIVE) {
                hybrid.start();
            }
        }
        System.out.printf("RecommendationsIT: %d requests during 3 rounds of stop/start/update/uninstall/install, "
                + "%d served by probe, %d by fallbacks, %d failed, slowest %d ms%n", requests.get(), byProbe.get(), byFallback.get(),
                failures.size(), slowest.get() / 1_000_000);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
        assertTrue(byProbe.get() > 0 && byFallback.get() > 0, byProbe + " by probe, " + byFallback + " by fallbacks");
        assertTrue(slowest.get() < SWAP_BOUND_NANOS, "a swap stalled a request for " + slowest.get() / 1_000_000 + " ms");
    }

    /**
     * The real strategy bundles stopped, started and updated (a new revision read from their jars)
     * while threads ask, half for cf by name: not one request fails or takes over the bound. Stopping
     * a bundle once killed the store (an interrupt inside an H2 read), and a started content strategy
     * took traffic before its neighbour lists were filled.
     */
    @Test
    void stoppingStartingAndUpdatingTheStrategiesUnderLoadStallsNoRequest() throws Exception {
        List<String> members = members();
        AtomicLong requests = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean overHttp = t >= 2;
            String strategy = t % 2 == 1 ? "cf" : null;
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String member = members.get(ThreadLocalRandom.current().nextInt(members.size()));
                    long started = System.nanoTime();
                    try {
                        if (overHttp) {
                            HttpResponse<String> response = Http.get(http, "/api/members/" + member + "/recommendations?n=10"
                                    + (strategy == null ? "" : "&strategy=" + strategy));
                            if (response.statusCode() != 200 || Http.json(response).get("items").size() != 10) {
                                failures.add("HTTP " + response.statusCode() + " " + response.body());
                            }
                        } else {
                            RecommendationRequest request = RecommendationRequest.forMember(member, 10);
                            RecommendationResult result = recommendations.recommend(strategy == null ? request : request.withStrategy(strategy));
                            if (result.items().size() != 10) {
                                failures.add(member + ": " + result.items().size() + " items, " + result.fallbacks());
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(member + ": " + e);
                    }
                    slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
                    requests.incrementAndGet();
                }
            }, "reco-swap-" + t);
            threads.add(thread);
            thread.start();
        }
        List<String> done = new ArrayList<>();
        try {
            pause(requests, 200);
            for (String name : List.of("org.affinity.reco.cf", "org.affinity.reco.content", "org.affinity.reco.hybrid")) {
                Bundle bundle = bundle(name);
                bundle.stop();
                pause(requests, 100);
                bundle.start();
                pause(requests, 100);
                try (InputStream jar = jarOf(bundle)) {
                    bundle.update(jar);
                }
                pause(requests, 100);
                done.add(name);
            }
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            for (String name : List.of("org.affinity.reco.cf", "org.affinity.reco.content", "org.affinity.reco.hybrid")) {
                Bundle bundle = bundle(name);
                if (bundle.getState() != Bundle.ACTIVE) {
                    bundle.start();
                }
            }
        }
        System.out.printf("RecommendationsIT: %d requests while %s were stopped, started and updated, %d failed, slowest %d ms%n",
                requests.get(), done, failures.size(), slowest.get() / 1_000_000);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
        assertTrue(slowest.get() < SWAP_BOUND_NANOS, "a swap stalled a request for " + slowest.get() / 1_000_000 + " ms");
        // content comes back once warm: its saved lists read at once, or (none saved) filled at half a core
        await(() -> recommendations.strategies().containsAll(List.of("cf", "content", "hybrid")), "every strategy is back",
                Duration.ofMinutes(5));
    }

    /** The bundle's jar as installed (a file: URL or a path, as the launcher gave it). */
    private static InputStream jarOf(Bundle bundle) throws java.io.IOException {
        String location = bundle.getLocation().replaceFirst("^reference:", "");
        if (location.startsWith("file:")) {
            return Files.newInputStream(Path.of(java.net.URI.create(location)));
        }
        return Files.newInputStream(Path.of(location));
    }

    @Test
    void aStrategyThatHangsCostsItsTimeoutNotTheRequest() throws Exception {
        String buyer = buyer();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(org.affinity.api.recommend.Recommender.STRATEGY, "stuck");
        org.osgi.framework.ServiceRegistration<org.affinity.api.recommend.Recommender> stuck = context.registerService(
                org.affinity.api.recommend.Recommender.class, request -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of();
                }, properties);
        try {
            await(() -> recommendations.strategies().contains("stuck"), "the stuck strategy is registered");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = Http.get(http, "/api/members/" + buyer + "/recommendations?n=10&strategy=stuck");
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = Http.json(response);
                assertEquals(10, body.get("items").size(), response.body());
                assertNotEquals("stuck", body.get("strategy").asText());
                assertTrue(body.get("fallbacks").get(0).asText().startsWith("stuck: timed out after "), response.body());
            }
        } finally {
            release.countDown();
            stuck.unregister();
        }
    }

    @Test
    void theDefaultStrategySwapsLiveThroughRestAndConfiguration() throws Exception {
        String buyer = buyer();
        HttpResponse<String> put = Http.put(http, "/api/strategies/default", "{\"strategy\":\"trending\"}");
        assertEquals(200, put.statusCode(), put.body());
        RecommendationResult next = recommendations.recommend(RecommendationRequest.forMember(buyer, 5));
        assertEquals("trending", next.strategy());
        assertEquals("default", next.arm());
        assertEquals(400, Http.put(http, "/api/strategies/routes", "[{\"when\":\"planet:Mars\",\"strategy\":\"cf\"}]").statusCode());

        Configuration configuration = configurations.getConfiguration("org.affinity.reco", "?");
        assertEquals("trending", configuration.getProperties().get("defaultStrategy"), "REST stored it as configuration");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("defaultStrategy", "popularity");
        configuration.update(properties);
        await(() -> recommendations.defaultStrategy().equals("popularity"), "the configuration reaches the service");
        assertEquals("popularity", recommendations.recommend(RecommendationRequest.forMember(buyer, 5)).strategy());

        HttpResponse<String> ab = Http.put(http, "/api/strategies/experiment",
                "{\"name\":\"it-ab\",\"arms\":{\"popularity\":50,\"trending\":50},\"started\":\"2010-01-01T00:00:00Z\"}");
        assertEquals(200, ab.statusCode(), ab.body());
        Map<String, Integer> arms = new ConcurrentHashMap<>();
        for (String member : members()) {
            arms.merge(recommendations.recommend(RecommendationRequest.forMember(member, 3)).arm(), 1, Integer::sum);
        }
        assertEquals(Set.of("ab:popularity", "ab:trending"), arms.keySet());
        JsonNode uplift = Http.json(Http.get(http, "/api/strategies/uplift"));
        assertEquals("popularity", uplift.get("arms").get(0).get("arm").asText());
        long active = uplift.get("arms").get(0).get("members").asLong() + uplift.get("arms").get(1).get("members").asLong();
        Set<String> withEvents = ConcurrentHashMap.newKeySet();
        store.scanEvents(e -> withEvents.add(e.memberId()));
        assertEquals(withEvents.size(), active, uplift.toString());
        assertEquals(200, Http.delete(http, "/api/strategies/experiment").statusCode());
        assertEquals("default", recommendations.recommend(RecommendationRequest.forMember(buyer, 5)).arm());
    }

    private void pause(AtomicLong requests, int more) throws InterruptedException {
        long target = requests.get() + more;
        long deadline = System.currentTimeMillis() + 20_000;
        while (requests.get() < target && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    private Bundle installProbe() throws Exception {
        return context.installBundle("probe:" + PROBE, probeJar());
    }

    private InputStream probeJar() {
        try {
            return context.getBundle().getEntry("probe/" + PROBE + ".jar").openStream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Bundle bundle(String symbolicName) {
        Bundle bundle = findBundle(symbolicName);
        assertTrue(bundle != null, symbolicName + " is installed");
        return bundle;
    }

    private Bundle findBundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, Duration.ofMillis(WAIT));
    }

    private static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
