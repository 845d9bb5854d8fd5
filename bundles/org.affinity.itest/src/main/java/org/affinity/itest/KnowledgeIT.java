package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The knowledge base inside Felix: the default articles seeded into the data folder, English and
 * Chinese questions answered through REST with the real models (Chinese through the model the bundle
 * asks for), writes visible to the next search, refusals named, and the bundle stopped and started.
 */
class KnowledgeIT {

    private static final long WAIT_MILLIS = 120_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    VectorIndex vectors;

    @InjectService(timeout = 10000)
    EmbeddingModels models;

    @InjectService(timeout = 10000)
    Jobs jobs;

    @Test
    void theDefaultArticlesArePresentAndTheirFilesAreInTheDataFolder() throws Exception {
        JsonNode all = ok(get("/api/chat/articles"));
        List<String> ids = new ArrayList<>();
        all.get("articles").forEach(article -> ids.add(article.get("id").asText()));
        assertTrue(ids.size() >= 40, ids.toString());
        assertTrue(ids.containsAll(List.of("returns-and-refunds", "returns-and-refunds.zh", "delivery", "delivery.zh",
                "contact-us", "loyalty-points.zh")), ids.toString());
        JsonNode chinese = ok(get("/api/chat/articles?language=zh"));
        assertEquals(ids.size() / 2, chinese.get("articles").size());
        chinese.get("articles").forEach(article -> assertEquals("zh", article.get("language").asText()));

        JsonNode returns = ok(get("/api/chat/articles/returns-and-refunds"));
        assertEquals("Returns and refunds", returns.get("title").asText());
        assertTrue(returns.get("intents").toString().contains("check_refund_policy"), returns.toString());
        Path folder = Path.of(context.getProperty("affinity.data"), "chat", "articles");
        assertTrue(Files.readString(folder.resolve("returns-and-refunds.zh.md")).contains("title: 退货与退款"));
        assertEquals(404, get("/api/chat/articles/no-such-article").statusCode());
    }

    @Test
    void anEnglishQuestionAboutReturnsFindsTheReturnsArticleFirst() throws Exception {
        awaitVectors();
        JsonNode hits = search("how many days do I have to send an item back for a refund?", "language=en").get("hits");
        assertEquals("returns-and-refunds", hits.get(0).get("id").asText(), hits.toString());
        assertEquals("Returns and refunds", hits.get(0).get("title").asText());
        assertTrue(hits.get(0).get("passage").asText().contains("30 days"), hits.get(0).toString());
        JsonNode withIntent = search("I need my money back", "language=en&intent=get_refund").get("hits");
        assertEquals("returns-and-refunds", withIntent.get(0).get("id").asText(), withIntent.toString());
    }

    @Test
    void aChineseQuestionFindsTheChineseArticle() throws Exception {
        awaitVectors();
        JsonNode hits = search("我买的东西不喜欢，可以退货吗？", "language=zh").get("hits");
        assertEquals("returns-and-refunds.zh", hits.get(0).get("id").asText(), hits.toString());
        assertEquals("退货与退款", hits.get(0).get("title").asText());
        hits.forEach(hit -> assertEquals("zh", hit.get("language").asText()));
        JsonNode detected = search("怎么查快递单号", "").get("hits");
        assertEquals("order-tracking.zh", detected.get(0).get("id").asText(), "the language follows the question: " + detected);
        assertTrue(vectors.existing("articles-zh").orElseThrow().modelId().startsWith("bge-small-zh"),
                "Chinese passages are embedded by the Chinese model");
    }

    @Test
    void putAndDeleteOverHttpAreSearchableAtOnce() throws Exception {
        HttpResponse<String> created = put("/api/chat/articles/it-parking", "text/markdown", """
                ---
                title: Visiting our warehouse
                intents: [contact_customer_service]
                tags: [visit, parking]
                ---

                ## Parking

                There are six free parking spaces for visitors behind the loading bay, next to the green gate.
                """);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("en", Http.json(created).get("language").asText(), "detected");
        assertEquals("it-parking", search("where can I park my car when I visit?", "language=en").at("/hits/0/id").asText());

        HttpResponse<String> replaced = put("/api/chat/articles/it-parking", "application/json",
                "{\"title\":\"停车\",\"language\":\"zh\",\"body\":\"访客可以在装卸区后面的绿色大门旁免费停车，共有六个车位。\"}");
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("it-parking", search("访客在哪里停车？", "language=zh").at("/hits/0/id").asText());
        assertFalse(ids(search("where can I park my car when I visit?", "language=en")).contains("it-parking"),
                "the English version is gone");

        HttpResponse<String> batch = Http.post(http, "/api/chat/articles", "application/x-ndjson",
                "{\"id\":\"it-holidays\",\"body\":\"# Bank holidays\\n\\nOur warehouse is closed on every UK bank holiday.\"}\n"
                        + "{\"id\":\"it-samples\",\"markdown\":\"---\\ntitle: Samples\\n---\\nTrade customers can ask for one free sample per design.\"}\n");
        assertEquals(200, batch.statusCode(), batch.body());
        assertEquals(2, Http.json(batch).get("stored").asInt());
        assertEquals("it-holidays", search("are you open on bank holidays", "language=en").at("/hits/0/id").asText());

        for (String id : List.of("it-parking", "it-holidays", "it-samples")) {
            assertEquals(200, Http.delete(http, "/api/chat/articles/" + id).statusCode());
        }
        assertEquals(404, Http.delete(http, "/api/chat/articles/it-parking").statusCode());
        assertEquals(404, get("/api/chat/articles/it-parking").statusCode());
        assertFalse(ids(search("访客在哪里停车？", "language=zh")).contains("it-parking"));
        assertFalse(Files.exists(Path.of(context.getProperty("affinity.data"), "chat", "articles", "it-parking.md")));
    }

    @Test
    void badBodiesAnswer400NamingTheProblem() throws Exception {
        HttpResponse<String> frontMatter = put("/api/chat/articles/it-bad", "text/markdown",
                "---\ntitle: Bad\nlanguage: Klingon!\nintent: track_order\n---\n\nSome text.\n");
        assertEquals(400, frontMatter.statusCode(), frontMatter.body());
        JsonNode errors = Http.json(frontMatter).get("errors");
        assertEquals(3, errors.get(0).get("line").asInt(), errors.toString());
        assertTrue(errors.get(0).get("detail").asText().contains("language code"), errors.toString());
        assertEquals(4, errors.get(1).get("line").asInt(), errors.toString());
        assertTrue(errors.get(1).get("detail").asText().contains("did you mean 'intents'"), errors.toString());

        HttpResponse<String> json = put("/api/chat/articles/it-bad", "application/json", "{\"title\":\"T\",\"intents\":7}");
        assertEquals(400, json.statusCode(), json.body());
        assertTrue(json.body().contains("must be a list of texts"), json.body());

        HttpResponse<String> batch = Http.post(http, "/api/chat/articles", "application/x-ndjson",
                "{\"id\":\"it-good\",\"title\":\"Good\",\"body\":\"Fine text.\"}\n"
                        + "{\"id\":\"It Bad\",\"title\":\"Bad\",\"body\":\"text\"}\n"
                        + "{\"id\":\"it-empty\",\"title\":\"Empty\",\"body\":\"  \"}\n");
        assertEquals(400, batch.statusCode(), batch.body());
        JsonNode problems = Http.json(batch).get("errors");
        assertEquals(List.of(2, 3), List.of(problems.get(0).get("line").asInt(), problems.get(1).get("line").asInt()),
                problems.toString());
        assertEquals(404, get("/api/chat/articles/it-good").statusCode(), "all or nothing");

        assertEquals(400, get("/api/chat/articles/search").statusCode(), "no q");
        assertEquals(400, get("/api/chat/articles/search?q=hello&language=" + URLEncoder.encode("?!", StandardCharsets.UTF_8))
                .statusCode());
        assertEquals(400, get("/api/chat/articles/search?q=hello&n=0").statusCode());
        assertEquals(404, put("/api/chat/articles/search", "text/markdown", "# Search\n\ntext").statusCode());
    }

    @Test
    void stoppingTheBundleAnswers503NamingItAndStartingItServesAgain() throws Exception {
        Bundle bundle = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.affinity.chat.knowledge")).findFirst().orElseThrow();
        bundle.stop();
        try {
            HttpResponse<String> stopped = get("/api/chat/articles/search?q=refund");
            assertEquals(503, stopped.statusCode(), stopped.body());
            assertTrue(Http.json(stopped).get("detail").asText().contains("knowledge base"), stopped.body());
            assertEquals(503, get("/api/chat/articles").statusCode());
        } finally {
            bundle.start();
        }
        await(() -> {
            try {
                return get("/api/chat/articles").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "the knowledge base serves again");
        assertEquals("returns-and-refunds", search("refund policy", "language=en").at("/hits/0/id").asText());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Waits until both collections hold vectors of the models serving now and no catch-up runs. */
    private void awaitVectors() throws InterruptedException {
        await(() -> {
            String active = models.active().map(ModelInfo::id).orElse("");
            boolean english = vectors.existing("articles").map(VectorCollection::modelId).orElse("").equals(active)
                    && vectors.existing("articles").get().size() > 0;
            boolean chinese = vectors.existing("articles-zh").map(c -> c.size() > 0).orElse(false);
            boolean idle = jobs.list().stream().filter(job -> job.kind().equals("knowledge")).allMatch(job -> job.state().finished());
            return english && chinese && idle;
        }, "the article vectors are in step with the models");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode search(String question, String parameters) throws Exception {
        JsonNode body = ok(get("/api/chat/articles/search?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8)
                + (parameters.isEmpty() ? "" : "&" + parameters)));
        System.out.printf("knowledge '%s' (%s): %s%n", question, parameters, ids(body));
        return body;
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("hits").forEach(hit -> ids.add(hit.get("id").asText()));
        return ids;
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return Http.get(http, path);
    }

    private HttpResponse<String> put(String path, String type, String body) throws Exception {
        return Http.send(http, HttpRequest.newBuilder(Http.uri(http, path)).header("Content-Type", type + "; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }
}
