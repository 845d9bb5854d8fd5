package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A kill during a campaign send: the runtime posts messages to a webhook (a receiver in this test, on
 * the loopback interface, taking 10 ms per message) and is killed with SIGKILL a third of the way
 * through. After a restart on the same data the scheduler resumes the run by itself. Every member
 * gets their message; a member is received twice only when their message was taken but not yet
 * recorded at the kill (at most one, the send being sequential), and then with the same
 * Idempotency-Key, which is how the receiver drops it; every member has exactly one campaign_sent event.
 */
class CampaignCrashTest {

    private static final int MEMBERS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    record Received(String member, String key) {
    }

    @Test
    void aKillDuringSendResumesWithoutSendingAnyoneTwice() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new Received(message.get("member").asText(), exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try {
            try (Runtime runtime = Runtime.start(data, false)) {
                runtime.awaitUp(Duration.ofSeconds(60));
                for (int i = 0; i < MEMBERS; i++) {
                    HttpResponse<String> put = runtime.put("/api/members/kill-m" + i, "{\"country\":\"United Kingdom\","
                            + "\"consent\":{\"email\":true,\"profiling\":true}}");
                    assertTrue(put.statusCode() / 100 == 2, put.body());
                }
                // Transactional: quiet hours at the moment the test runs cannot hold it back.
                HttpResponse<String> created = runtime.post("/api/campaigns", "{\"id\":\"kill\",\"audience\":{\"kind\":\"all\"},"
                        + "\"transactional\":true,\"schedule\":{\"kind\":\"now\"},\"content\":{\"variants\":[{\"id\":\"a\","
                        + "\"body\":\"Hello {{id}}\"}]},\"delivery\":{\"kind\":\"webhook\",\"url\":\"" + hook + "\"}}");
                assertEquals(201, created.statusCode(), created.body());
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (received.size() < MEMBERS / 3) {
                    assertTrue(System.nanoTime() < end, "the send did not get going: " + received.size());
                    Thread.sleep(5);
                }
                runtime.process.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
                runtime.process.waitFor(30, TimeUnit.SECONDS);
            }
            int beforeRestart = received.size();
            assertTrue(beforeRestart < MEMBERS, "killed mid-send: " + beforeRestart);

            try (Runtime restarted = Runtime.start(data, false)) {
                restarted.awaitUp(Duration.ofSeconds(60));
                long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                JsonNode campaign = JSON.readTree(restarted.get("/api/campaigns/kill").body());
                while (!campaign.get("state").asText().equals("SENT")) {
                    assertTrue(System.nanoTime() < end, "not resumed: " + campaign);
                    Thread.sleep(200);
                    campaign = JSON.readTree(restarted.get("/api/campaigns/kill").body());
                }
                Map<String, List<String>> keys = new HashMap<>();
                received.forEach(r -> keys.computeIfAbsent(r.member(), m -> new CopyOnWriteArrayList<>()).add(r.key()));
                assertEquals(MEMBERS, keys.size(), "every member received their message");
                List<String> twice = keys.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
                assertTrue(twice.size() <= 1, "only the message in flight at the kill may come again: " + twice);
                for (String member : twice) {
                    assertEquals(2, keys.get(member).size(), member);
                    assertEquals(keys.get(member).get(0), keys.get(member).get(1), "a repeat carries the same Idempotency-Key");
                }
                JsonNode run = campaign.get("runs").get(0);
                assertEquals(MEMBERS, run.get("sent").asInt(), run.toString());
                for (int i = 0; i < MEMBERS; i += 7) {
                    JsonNode events = JSON.readTree(restarted.get("/api/members/kill-m" + i + "/events").body()).get("events");
                    int sent = 0;
                    for (JsonNode event : events) {
                        sent += event.get("type").asText().equalsIgnoreCase("campaign_sent") ? 1 : 0;
                    }
                    assertEquals(1, sent, "kill-m" + i + ": " + events);
                }
                System.out.printf("CampaignCrashTest: %d messages taken before SIGKILL, %d after the restart, %d repeated%n",
                        beforeRestart, received.size() - beforeRestart, twice.size());
            }
        } finally {
            receiver.stop(0);
        }
    }
}
