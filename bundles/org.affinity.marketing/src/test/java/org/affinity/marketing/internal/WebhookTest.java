package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.affinity.api.event.EventType;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignRun;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.member.Consent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook hand-off against a real HTTP server on the loopback interface: a receiver that fails once
 * then takes the message (retried, same Idempotency-Key), one that refuses (400: dead letter at once),
 * one that keeps failing (503: dead letter after every attempt), and one that is down for good (the run
 * pauses instead of dead-lettering everyone, and resumes when asked once it is back).
 */
class WebhookTest {

    /** A request as the receiver saw it. */
    record Received(String member, String key, String signature, int attempt, String body) {
    }

    @TempDir
    Path folder;

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    volatile boolean down;
    TestShop shop;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode message = Json.MAPPER.readTree(body);
            String member = message.get("member").asText();
            int attempt = attempts.merge(member, 1, Integer::sum);
            received.add(new Received(member, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("X-Affinity-Signature"), attempt,
                    new String(body, StandardCharsets.UTF_8)));
            int status = down ? 503 : switch (member) {
                case "flaky" -> attempt == 1 ? 500 : 200;
                case "refused" -> 400;
                case "failing" -> 503;
                default -> 204;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        shop = new TestShop(folder, Instant.parse("2011-11-07T12:00:00Z"));
        shop.item("x1", "CHRISTMAS TREE DECORATION", "2.50");
        for (String id : List.of("flaky", "refused", "failing", "fine1", "fine2")) {
            shop.member(id, Consent.ALL, Map.of("country", "United Kingdom"));
            shop.purchase(id, "x1", Instant.parse("2011-11-01T12:00:00Z"));
        }
        shop.settle();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private CampaignService service(int pauseAfter) throws Exception {
        return shop.service(TestShop.config("webhookAttempts", 3, "webhookBackoffMillis", 1L, "webhookSecret", "s3cret",
                "pauseAfterFailures", pauseAfter));
    }

    @Test
    void aFailureIsRetriedARefusalAndAnExhaustedMessageGoToTheDeadLetterFile() throws Exception {
        CampaignService service = service(5);
        service.create(Campaign.define("hook", null, Audience.all(), null, "email", Content.of("Hi", "Hello {{id}}"),
                Schedule.MANUAL, 0, false, Delivery.webhook(url())));
        JobStatus status = service.send("hook").await(Duration.ofSeconds(30));
        assertEquals(JobState.SUCCEEDED, status.state(), String.valueOf(status.error()));
        CampaignRun run = (CampaignRun) status.result();
        assertEquals(3, run.sent(), run.toString());
        assertEquals(2, run.failed());

        List<Received> flaky = received.stream().filter(r -> r.member().equals("flaky")).toList();
        assertEquals(2, flaky.size(), "failed once, retried once");
        assertEquals(flaky.get(0).key(), flaky.get(1).key(), "the same Idempotency-Key on every attempt");
        assertEquals(Draw.idempotencyKey("hook", 1, "flaky"), flaky.get(0).key());
        assertEquals("sha256=" + WebhookHandOff.hmac("s3cret", flaky.get(0).body().getBytes(StandardCharsets.UTF_8)),
                flaky.get(0).signature());
        assertEquals(1, attempts.get("refused"), "a 400 is not retried");
        assertEquals(3, attempts.get("failing"), "a 503 is retried up to the attempts configured");

        List<String> deadLetters = Files.readAllLines(folder.resolve("runs/hook/1/dead-letter.ndjson"));
        assertEquals(2, deadLetters.size());
        JsonNode refused = Json.MAPPER.readTree(deadLetters.stream().filter(l -> l.contains("\"refused\"")).findFirst().orElseThrow());
        assertEquals("HTTP 400", refused.get("error").asText());
        assertEquals("Hello refused", refused.get("message").get("body").asText());
        JsonNode failing = Json.MAPPER.readTree(deadLetters.stream().filter(l -> l.contains("\"failing\"")).findFirst().orElseThrow());
        assertEquals("HTTP 503 (after 3 attempts)", failing.get("error").asText());
        assertEquals(3, failing.get("attempts").asInt());

        List<String> sent = new ArrayList<>();
        shop.store.scanEvents(e -> {
            if (e.type() == EventType.CAMPAIGN_SENT) {
                sent.add(e.memberId());
            }
        });
        assertEquals(Set.of("flaky", "fine1", "fine2"), Set.copyOf(sent), "campaign_sent only for messages taken");
        assertEquals(3, sent.size());
    }

    @Test
    void aReceiverThatStaysDownPausesTheRunWhichResumesWhenItIsBack() throws Exception {
        CampaignService service = service(2);
        down = true;
        service.create(Campaign.define("down", null, Audience.rule("purchases >= 1"), null, "email", Content.of(null, "Hi"),
                Schedule.MANUAL, 0, false, Delivery.webhook(url())));
        JobStatus status = service.send("down").await(Duration.ofSeconds(30));
        CampaignRun paused = (CampaignRun) status.result();
        assertEquals(Campaign.State.PAUSED, paused.state());
        assertEquals(2, paused.failed(), "two in a row, then the run stops");
        assertTrue(paused.message().startsWith("2 messages in a row failed"), paused.message());
        assertEquals(Campaign.State.PAUSED, service.get("down").orElseThrow().state());

        down = false;
        CampaignRun resumed = (CampaignRun) service.send("down").await(Duration.ofSeconds(30)).result();
        assertEquals(Campaign.State.SENT, resumed.state());
        // In id order: failing and fine1 went to the dead-letter file while it was down; then fine2 and flaky
        // (after one retry) are taken and refused is refused.
        assertEquals(2, resumed.sent(), resumed.toString());
        assertEquals(3, resumed.failed(), resumed.toString());
        assertEquals(1, received.stream().filter(r -> r.member().equals("fine2")).count(), "nobody handled twice");
    }
}
