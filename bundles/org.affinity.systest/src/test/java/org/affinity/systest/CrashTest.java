package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Acknowledged means durable: clients post events while the runtime is killed with SIGKILL (no
 * shutdown hook, no flush); after a restart on the same data every acknowledged event is stored, and
 * the restarted runtime takes events as soon as /api/health says it is ready.
 */
class CrashTest {

    private static final int MEMBERS = 10;
    private static final int CLIENTS = 3;

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedEventSurvivesKillDashNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        try (Runtime runtime = Runtime.start(data, false)) {
            runtime.awaitUp(Duration.ofSeconds(60));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        List<String> ids = new ArrayList<>();
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < 20; i++) {
                            int n = sequence.incrementAndGet();
                            String id = "crash-" + n;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id)
                                    .append("\",\"type\":\"view\",\"member\":\"crash-m").append(n % MEMBERS)
                                    .append("\",\"item\":\"i").append(n % 97).append("\"}");
                        }
                        try {
                            HttpResponse<String> response = runtime.post("/api/events", body.append("]").toString());
                            if (response.statusCode() == 200) {
                                acknowledged.addAll(ids);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet(); // the kill cut the connection: not acknowledged
                        }
                    }
                    return null;
                });
            }
            while (acknowledged.size() < 2000) {
                Thread.sleep(50);
            }
            runtime.process.destroyForcibly(); // SIGKILL
            runtime.process.waitFor(30, TimeUnit.SECONDS);
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(60, TimeUnit.SECONDS);
        }
        System.out.printf("%,d events acknowledged before SIGKILL (%d requests cut)%n", acknowledged.size(), failed.get());

        try (Runtime restarted = Runtime.start(data, false)) {
            // Readiness: once /api/health answers 200 after the crash restart, events are taken at once.
            double ready = restarted.awaitHealthy(Duration.ofSeconds(60));
            HttpResponse<String> first = restarted.post("/api/events",
                    "{\"id\":\"after-restart\",\"type\":\"view\",\"member\":\"crash-ready\",\"item\":\"i1\"}");
            assertEquals(200, first.statusCode(), "/api/health said ready " + ready + " s after the restart, yet POST /api/events "
                    + "answered: " + first.body());
            Set<String> stored = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (int m = 0; m < MEMBERS; m++) {
                JsonNode events = json.readTree(restarted.get("/api/members/crash-m" + m + "/events").body()).get("events");
                events.forEach(event -> stored.add(event.get("id").asText()));
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " acknowledged events lost, e.g. " + lost.stream().limit(5).toList());
            assertTrue(stored.size() >= acknowledged.size());
            assertEquals(stored.size() + 1, json.readTree(restarted.get("/api/store").body()).get("events").asInt(),
                    "the crash members' events and the one posted after the restart");
        }
    }
}
