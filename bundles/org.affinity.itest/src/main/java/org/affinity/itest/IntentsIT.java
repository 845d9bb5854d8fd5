package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.affinity.api.chat.IntentClassifier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The intent classifier in the runtime, over HTTP: the shipped set {@code shop} trains on the first
 * start and reads English and Chinese order questions; gibberish abstains; a set trained over HTTP
 * classifies its own examples; bad input is refused naming the problem and trains nothing; with the
 * bundle stopped the routes answer 503 naming it, and once started again the stored sets serve.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntentsIT {

    /** The first start trains 22,000 examples (embedding included) while other tests run. */
    private static final Duration SHOP_READY = Duration.ofMinutes(12);
    private static final Duration TRAINED = Duration.ofMinutes(4);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 30000)
    IntentClassifier classifier;

    @Test
    @Order(1)
    void theShopSetTrainsOnTheFirstStartAndReadsEnglishAndChineseOrderQuestions() throws Exception {
        JsonNode shop = awaitReady("shop", SHOP_READY);
        assertTrue(shop.get("intents").size() >= 32, shop.toString());
        assertEquals("all-minilm-l6-v2-q", shop.at("/models/en").asText(), shop.toString());
        assertEquals("bge-small-zh-v1.5-q", shop.at("/models/zh").asText(), shop.toString());
        assertTrue(shop.at("/metrics/accuracy").asDouble() > 0.9, shop.toString());

        JsonNode english = classify("shop", "where is my order?");
        assertEquals("track_order", english.get("intent").asText(), english.toString());
        assertFalse(english.get("abstained").asBoolean(), english.toString());
        assertEquals("en", english.get("language").asText());
        assertEquals(3, english.get("alternatives").size());

        JsonNode chinese = classify("shop", "我的订单现在到哪里了？");
        assertEquals("track_order", chinese.get("intent").asText(), chinese.toString());
        assertEquals("zh", chinese.get("language").asText());
        assertFalse(chinese.get("abstained").asBoolean(), chinese.toString());

        for (String gibberish : List.of("asdfgh qwerty zxcvb", "jfjfjfjf kdkdkd", "the weather in Paris next Tuesday")) {
            JsonNode nonsense = classify("shop", gibberish);
            assertTrue(nonsense.get("abstained").asBoolean(), gibberish + ": " + nonsense);
        }

        ObjectNode many = Http.JSON.createObjectNode();
        many.putArray("texts").add("I want to cancel my order").add("hello").add("我要退款");
        HttpResponse<String> batch = Http.post(http, "/api/chat/classify?set=shop", "application/json", many.toString());
        assertEquals(200, batch.statusCode(), batch.body());
        JsonNode results = Http.json(batch).get("results");
        assertEquals(List.of("cancel_order", "greeting", "get_refund"), List.of(results.get(0).get("intent").asText(),
                results.get(1).get("intent").asText(), results.get(2).get("intent").asText()), results.toString());
    }

    @Test
    @Order(2)
    void aSetTrainedOverHttpClassifiesItsOwnExamples() throws Exception {
        Map<String, List<String>> examples = Map.of(
                "opening_hours", List.of("when are you open", "what time do you close today", "are you open on sunday",
                        "opening hours please", "until when is the store open"),
                "gift_wrap", List.of("can you wrap it as a gift", "do you offer gift wrapping", "I want it gift wrapped",
                        "is gift packaging available", "please wrap my present"),
                "lost_card", List.of("I lost my loyalty card", "my member card is gone", "I can't find my rewards card",
                        "replace my lost card", "my card was stolen"));
        StringBuilder csv = new StringBuilder("text,intent\n");
        examples.forEach((intent, texts) -> texts.forEach(text -> csv.append(text).append(',').append(intent).append('\n')));
        HttpResponse<String> put = put("/api/chat/intents/it-store", "text/csv", csv.toString());
        assertEquals(202, put.statusCode(), put.body());
        String job = Http.json(put).get("id").asText();
        assertEquals("/api/jobs/" + job, put.headers().firstValue("Location").orElseThrow());
        awaitJob(job);
        JsonNode set = awaitReady("it-store", TRAINED);
        assertEquals(15, set.get("examples").asInt());
        assertTrue(set.has("metrics"), set.toString());

        ObjectNode request = Http.JSON.createObjectNode();
        ArrayNode texts = request.putArray("texts");
        List<String> expected = new ArrayList<>();
        examples.forEach((intent, those) -> those.forEach(text -> {
            texts.add(text);
            expected.add(intent);
        }));
        HttpResponse<String> classified = Http.post(http, "/api/chat/classify?set=it-store", "application/json",
                request.toString());
        assertEquals(200, classified.statusCode(), classified.body());
        List<String> predicted = new ArrayList<>();
        Http.json(classified).get("results").forEach(r -> predicted.add(r.get("intent").asText()));
        assertEquals(expected, predicted);

        // NDJSON retrains it (sniffed without a telling content type); DELETE removes it.
        String ndjson = "{\"text\":\"when are you open\",\"intent\":\"hours\"}\n{\"text\":\"opening times\",\"intent\":\"hours\"}\n"
                + "{\"text\":\"wrap it please\",\"intent\":\"wrap\"}\n{\"text\":\"gift wrapping\",\"intent\":\"wrap\"}\n";
        HttpResponse<String> again = put("/api/chat/intents/it-store", "application/octet-stream", ndjson);
        assertEquals(202, again.statusCode(), again.body());
        awaitJob(Http.json(again).get("id").asText());
        assertEquals("[\"hours\",\"wrap\"]", Http.json(Http.get(http, "/api/chat/intents/it-store")).get("intents").toString());
        assertEquals(200, Http.delete(http, "/api/chat/intents/it-store").statusCode());
        assertEquals(404, Http.get(http, "/api/chat/intents/it-store").statusCode());
    }

    @Test
    @Order(3)
    void badInputIsRefusedNamingTheProblemAndNothingIsHalfTrained() throws Exception {
        awaitReady("shop", SHOP_READY);
        assertBad(Http.post(http, "/api/chat/classify?set=shop", "application/json", "{\"text\":\"\"}"), "blank");
        assertBad(Http.post(http, "/api/chat/classify?set=shop", "application/json",
                "{\"text\":\"" + "a".repeat(100_000) + "\"}"), "100,000 characters");
        assertBad(Http.post(http, "/api/chat/classify?set=no-such-set", "application/json", "{\"text\":\"hi\"}"),
                "no intent set 'no-such-set'");
        ObjectNode tooMany = Http.JSON.createObjectNode();
        ArrayNode texts = tooMany.putArray("texts");
        for (int i = 0; i < 1_001; i++) {
            texts.add("text " + i);
        }
        assertBad(Http.post(http, "/api/chat/classify?set=shop", "application/json", tooMany.toString()), "1001");
        assertBad(Http.post(http, "/api/chat/classify?set=shop", "application/json", "{\"text\":3}"), "must be a string");

        JsonNode missingColumn = assertBad(put("/api/chat/intents/it-bad", "text/csv", "text,label_typo\nhi,greeting\n"),
                "no 'intent' column");
        assertEquals(1, missingColumn.at("/errors/0/line").asInt(), missingColumn.toString());
        JsonNode lonely = assertBad(put("/api/chat/intents/it-bad", "text/csv",
                "text,intent\nhi,greeting\nhello,greeting\nbye,thanks\nthanks a lot,thanks\nwhat?,confused\n"),
                "'confused' has only this example");
        assertEquals(6, lonely.at("/errors/0/line").asInt(), lonely.toString());
        assertBad(put("/api/chat/intents/it-bad", "text/csv", ""), "body is empty");
        assertBad(put("/api/chat/intents/Bad%20Name", "text/csv", "text,intent\na,x\nb,x\nc,y\nd,y\n"), "bad set name");

        assertEquals(404, Http.get(http, "/api/chat/intents/it-bad").statusCode(), "nothing was trained");
        JsonNode jobs = Http.json(Http.get(http, "/api/jobs")).get("jobs");
        jobs.forEach(job -> assertFalse(job.get("title").asText().contains("it-bad"), "no job for it: " + job));
    }

    @Test
    @Order(4)
    void withTheBundleStoppedTheRoutesAnswer503NamingItAndOnceStartedTheStoredSetsServe() throws Exception {
        awaitReady("shop", SHOP_READY);
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.affinity.chat.intent"))
                .findFirst().orElseThrow();
        bundle.stop();
        try {
            HttpResponse<String> stopped = Http.post(http, "/api/chat/classify?set=shop", "application/json",
                    "{\"text\":\"where is my order\"}");
            assertEquals(503, stopped.statusCode(), stopped.body());
            assertTrue(stopped.body().contains("org.affinity.chat.intent"), stopped.body());
            assertEquals(503, Http.get(http, "/api/chat/intents").statusCode());
        } finally {
            bundle.start();
        }
        JsonNode shop = awaitReady("shop", Duration.ofMinutes(2));
        assertFalse(shop.get("training").asBoolean(), "loaded from the data folder, not retrained: " + shop);
        assertEquals("track_order", classify("shop", "where is my order?").get("intent").asText());
    }

    // --- helpers ----------------------------------------------------------------------------------

    private JsonNode classify(String set, String text) throws Exception {
        ObjectNode body = Http.JSON.createObjectNode().put("text", text);
        HttpResponse<String> response = Http.post(http, "/api/chat/classify?set=" + set, "application/json", body.toString());
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private HttpResponse<String> put(String path, String contentType, String body) throws Exception {
        return Http.put(http, path, contentType, body);
    }

    private static JsonNode assertBad(HttpResponse<String> response, String naming) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        assertTrue(body.toString().contains(naming), "'" + naming + "' in: " + body);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        return body;
    }

    /** Polls GET /api/chat/intents/{set} (the classifier may be restarting) until it is ready. */
    private JsonNode awaitReady(String set, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = Http.get(http, "/api/chat/intents/" + set);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode body = Http.json(response);
                if (body.get("state").asText().equals("ready")) {
                    return body;
                }
                if (body.get("state").asText().equals("failed")) {
                    throw new AssertionError("intent set '" + set + "' failed to train: " + body);
                }
            }
            Thread.sleep(500);
        }
        JsonNode jobs = Http.json(Http.get(http, "/api/jobs"));
        throw new AssertionError("intent set '" + set + "' not ready within " + timeout.toMinutes() + " min: " + last
                + "\njobs: " + jobs);
    }

    private void awaitJob(String id) throws Exception {
        long deadline = System.nanoTime() + TRAINED.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = Http.json(Http.get(http, "/api/jobs/" + id));
            String state = job.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                assertTrue(job.at("/result/accuracy").isNumber(), "the job's result is the set's metrics: " + job);
                return;
            }
            if (state.equals("FAILED") || state.equals("CANCELLED")) {
                throw new AssertionError("training job " + id + " ended " + state + ": " + job);
            }
            Thread.sleep(300);
        }
        throw new AssertionError("training job " + id + " did not end within " + TRAINED.toMinutes() + " min");
    }
}
