package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.ingest.Importer;
import org.affinity.api.item.Item;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Chat on the demo shop in the runtime, over HTTP, with the real classifier (the `shop` intent set
 * trained at first start), the default knowledge base and the live recommendations.
 */
class ChatIT {

    private static final String MEMBER = "17850";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @BeforeAll
    static void ready(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer,
            @InjectService(timeout = 60000) IntentClassifier classifier,
            @InjectService(timeout = 60000) Knowledge knowledge) throws Exception {
        DemoShop.ensure(context, store, importer);
        long end = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (!classifier.set(IntentClassifier.DEFAULT_SET).map(s -> s.ready()).orElse(false)) {
            assertTrue(System.nanoTime() < end, "the shop intent set became ready: " + classifier.set("shop"));
            Thread.sleep(500);
        }
        while (knowledge.articles().isEmpty()) {
            assertTrue(System.nanoTime() < end, "the default articles were seeded");
            Thread.sleep(500);
        }
    }

    private String open(String member) throws Exception {
        HttpResponse<String> opened = Http.post(http, "/api/chat/sessions", "application/json",
                member == null ? "{}" : "{\"member\":\"" + member + "\"}");
        assertEquals(201, opened.statusCode(), opened.body());
        String id = Http.json(opened).get("id").asText();
        assertEquals("/api/chat/sessions/" + id, opened.headers().firstValue("Location").orElseThrow());
        return id;
    }

    private JsonNode say(String session, String text) throws Exception {
        HttpResponse<String> reply = Http.post(http, "/api/chat/sessions/" + session + "/messages", "application/json",
                Http.JSON.writeValueAsString(Map.of("text", text)));
        assertEquals(200, reply.statusCode(), reply.body());
        return Http.json(reply);
    }

    @Test
    void whereIsMyOrderAnswersWithTheMembersRealLatestInvoice() throws Exception {
        Map<String, Instant> placed = new HashMap<>();
        Map<String, BigDecimal> totals = new HashMap<>();
        for (Event event : store.events(MEMBER)) {
            if (event.type() == EventType.PURCHASE) {
                String order = (String) event.attributes().get("order");
                placed.merge(order, event.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
                totals.merge(order, event.amount(), BigDecimal::add);
            }
        }
        String latest = placed.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

        JsonNode reply = say(open(MEMBER), "where is my order?");
        assertEquals("track_order", reply.get("intent").asText(), reply.toString());
        assertFalse(reply.get("abstained").asBoolean(), reply.toString());
        String text = reply.get("text").asText();
        assertTrue(text.contains(latest), text);
        JsonNode status = reply.get("actions").get(0);
        assertEquals("order_status", status.get("name").asText());
        assertEquals(latest, status.at("/data/order").asText());
        assertEquals(0, totals.get(latest).compareTo(status.at("/data/total").decimalValue()), status.toString());
        assertTrue(reply.get("sources").size() > 0, "cites an article: " + reply);
    }

    @Test
    void aChineseQuestionGetsAChineseAnswer() throws Exception {
        JsonNode reply = say(open(MEMBER), "我的订单到哪里了？");
        assertEquals("zh", reply.get("language").asText(), reply.toString());
        assertEquals("track_order", reply.get("intent").asText(), reply.toString());
        assertTrue(reply.get("text").asText().contains("您最近的订单是"), reply.toString());

        JsonNode policy = say(open(null), "你们的退货政策是什么？");
        assertEquals("zh", policy.get("language").asText(), policy.toString());
        assertTrue(policy.get("sources").size() > 0, policy.toString());
        assertEquals("zh", policy.at("/sources/0/language").asText(), "cites the Chinese article: " + policy);
    }

    @Test
    void askingForAPersonHandsOff() throws Exception {
        String session = open(MEMBER);
        JsonNode reply = say(session, "I want to talk to a person");
        assertTrue(reply.get("handoff").asBoolean(), reply.toString());
        JsonNode handoffs = Http.json(Http.get(http, "/api/chat/handoffs")).get("handoffs");
        JsonNode mine = null;
        for (JsonNode handoff : handoffs) {
            if (handoff.get("sessionId").asText().equals(session)) {
                mine = handoff;
            }
        }
        assertTrue(mine != null, "listed for agents: " + handoffs);
        assertEquals(MEMBER, mine.get("memberId").asText());
        assertEquals(2, mine.get("transcript").size());
        assertEquals("United Kingdom", mine.at("/context/country").asText(), mine.toString());
        assertEquals(200, Http.post(http, "/api/chat/sessions/" + session + "/close", "application/json",
                "{\"note\":\"done\"}").statusCode());
    }

    @Test
    void gibberishAbstains() throws Exception {
        JsonNode reply = say(open(MEMBER), "qwpoeiru zmxncbv lkjhasd");
        assertTrue(reply.get("abstained").asBoolean(), reply.toString());
        assertFalse(reply.get("handoff").asBoolean(), "one unclear message does not hand off yet");
    }

    @Test
    void aGiftRequestReturnsExplainedItemsWithinThePriceAsked() throws Exception {
        JsonNode reply = say(open(MEMBER), "can you recommend a gift under 5 pounds?");
        assertEquals("recommend_product", reply.get("intent").asText(), reply.toString());
        assertTrue(reply.get("items").size() > 0, reply.toString());
        for (JsonNode suggested : reply.get("items")) {
            Item item = store.item(suggested.get("itemId").asText()).orElseThrow();
            assertTrue(item.price() != null && item.price().compareTo(new BigDecimal("5")) <= 0, item.toString());
            assertFalse(suggested.get("explanation").asText().isBlank(), suggested.toString());
        }
        assertEquals("recommend", reply.get("actions").get(0).get("name").asText());
    }

    @Test
    void badMessagesAnswer400NamingTheProblem() throws Exception {
        String session = open(MEMBER);
        HttpResponse<String> empty = Http.post(http, "/api/chat/sessions/" + session + "/messages", "application/json",
                "{\"text\":\"  \"}");
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("empty"), empty.body());
        HttpResponse<String> huge = Http.post(http, "/api/chat/sessions/" + session + "/messages", "application/json",
                Http.JSON.writeValueAsString(Map.of("text", "x".repeat(100_000))));
        assertEquals(400, huge.statusCode());
        assertTrue(huge.body().contains("2000"), huge.body());
        HttpResponse<String> wrongType = Http.post(http, "/api/chat/sessions/" + session + "/messages", "application/json",
                "{\"text\":[1,2]}");
        assertEquals(400, wrongType.statusCode());
        assertTrue(wrongType.body().contains("must be a string"), wrongType.body());
        assertEquals(404, Http.post(http, "/api/chat/sessions/cs-nope/messages", "application/json", "{\"text\":\"hi\"}")
                .statusCode());
        assertEquals(404, Http.post(http, "/api/chat/sessions", "application/json", "{\"member\":\"no-such-member\"}")
                .statusCode());
        assertEquals(0, Http.json(Http.get(http, "/api/chat/sessions/" + session)).get("turns").size(),
                "nothing was recorded");
    }

    @Test
    void stoppingTheChatBundleAnswers503NamingItAndStartingItServesAgain() throws Exception {
        Bundle chat = bundle("org.affinity.chat");
        try {
            chat.stop();
            HttpResponse<String> stopped = Http.post(http, "/api/chat/sessions", "application/json", "{}");
            assertEquals(503, stopped.statusCode());
            assertTrue(stopped.body().contains("org.affinity.chat"), stopped.body());
        } finally {
            chat.start();
        }
        String session = awaitOpen();
        assertFalse(say(session, "hello").get("text").asText().isBlank());

        chat.update(); // a new revision from the same location, as an operator reinstalls it
        assertFalse(say(awaitOpen(), "hello").get("text").asText().isBlank());
    }

    @Test
    void erasingAMemberErasesTheirSessions() throws Exception {
        HttpResponse<String> member = Http.put(http, "/api/members/chat-erase-1", "{\"country\":\"France\"}");
        assertEquals(200, member.statusCode(), member.body());
        String session = open("chat-erase-1");
        say(session, "hello");
        assertEquals(1, Http.json(Http.get(http, "/api/chat/sessions?member=chat-erase-1")).get("sessions").size());
        assertEquals(200, Http.delete(http, "/api/members/chat-erase-1").statusCode());
        assertEquals(404, Http.get(http, "/api/chat/sessions/" + session).statusCode());
        assertEquals(0, Http.json(Http.get(http, "/api/chat/sessions?member=chat-erase-1")).get("sessions").size());
    }

    /** Opens a visitor session once the chat service is back. */
    private String awaitOpen() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> opened = Http.post(http, "/api/chat/sessions", "application/json", "{}");
            if (opened.statusCode() == 201) {
                return Http.json(opened).get("id").asText();
            }
            assertTrue(System.nanoTime() < end, "chat serves again: " + opened.body());
            Thread.sleep(100);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
