package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.Evaluations;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.api.training.Trainable;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The cf and content strategies in the running platform on real demo data: the first 25,000 lines
 * of the Online Retail file imported through the importer, item texts embedded by the platform's
 * model into "items" (unless a search bundle already keeps it), cf trained as a job.
 */
class RecommendStrategiesIT {

    static final String MEMBER = "17850";
    static final long WAIT = 60_000;

    @InjectService(timeout = WAIT, filter = "(strategy=cf)")
    Recommender cf;

    @InjectService(timeout = WAIT, filter = "(strategy=content)")
    Recommender content;

    @InjectService(timeout = WAIT, filter = "(strategy=cf)")
    Trainable training;

    @InjectService(timeout = WAIT)
    Store store;

    @InjectService(timeout = WAIT)
    HttpServiceRuntime http;

    static boolean prepared;

    @BeforeAll
    static void importSliceAndTrain(@InjectBundleContext BundleContext context, @InjectService(timeout = WAIT) Importer importer,
            @InjectService(timeout = WAIT) Store store, @InjectService(timeout = WAIT) VectorIndex index,
            @InjectService(timeout = WAIT) EmbeddingModel model,
            @InjectService(timeout = WAIT, filter = "(strategy=cf)") Trainable cf) throws Exception {
        Path slice = Files.createTempFile("online-retail-slice", ".csv.gz");
        Bundle demo = List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().equals("org.affinity.demo"))
                .findFirst().orElseThrow();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(demo.getEntry("data/online-retail.csv.gz").openStream()), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(slice)), StandardCharsets.UTF_8)) {
            for (int n = 0; n <= 25_000; n++) {
                out.write(in.readLine());
                out.write('\n');
            }
        }
        JobStatus imported = importer.start(new ImportRequest(slice, "online-retail", Map.of(), Map.of("consent", "all")))
                .await(Duration.ofMinutes(8)); // a liveness bound: minutes on a machine shared with builds
        assertEquals(JobState.SUCCEEDED, imported.state(), imported.progressLine());
        assertTrue(store.awaitListeners(Duration.ofSeconds(30)));

        List<Item> items = new ArrayList<>();
        store.scanItems(items::add);
        VectorCollection vectors = index.open("items", model.id(), model.dimension());
        if (vectors.size() < items.size()) {
            List<VectorEntry> entries = new ArrayList<>();
            for (int from = 0; from < items.size(); from += 64) {
                List<Item> batch = items.subList(from, Math.min(items.size(), from + 64));
                List<float[]> embedded = model.embedAll(batch.stream().map(Item::text).collect(Collectors.toList()));
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(new VectorEntry(batch.get(i).id(), embedded.get(i), Map.of()));
                }
            }
            vectors.upsertAll(entries);
        }
        JobStatus trained = cf.train("integration test").await(Duration.ofMinutes(3));
        assertEquals(JobState.SUCCEEDED, trained.state(), trained.progressLine());
        Files.deleteIfExists(slice);
    }

    @Test
    void cfAndContentRecommendSensibleDifferentItemsForADemoMember() {
        Set<String> bought = store.events(MEMBER).stream().filter(e -> e.type() == EventType.PURCHASE).map(Event::itemId)
                .collect(Collectors.toSet());
        assertFalse(bought.isEmpty());
        List<Recommendation> fromCf = cf.recommend(RecommendationRequest.forMember(MEMBER, 10));
        List<Recommendation> fromContent = content.recommend(RecommendationRequest.forMember(MEMBER, 10));
        for (List<Recommendation> list : List.of(fromCf, fromContent)) {
            assertEquals(10, list.size(), list.toString());
            for (Recommendation r : list) {
                assertFalse(bought.contains(r.itemId()), r + " was bought already");
                assertTrue(store.item(r.itemId()).isPresent(), r + " is not in the catalogue");
                assertFalse(r.explanation().isBlank());
            }
        }
        assertTrue(fromCf.stream().anyMatch(r -> r.explanation().startsWith("bought together with ")), fromCf.toString());
        assertTrue(fromContent.stream().allMatch(r -> r.explanation().startsWith("similar to ")
                && r.explanation().endsWith(" you bought")), fromContent.toString());
        assertNotEquals(ids(fromCf), ids(fromContent));
        // Item-to-item: White Hanging Heart T-Light Holder, the demo's best seller.
        assertEquals(5, cf.recommend(RecommendationRequest.forItem("85123A", 5)).size());
        assertEquals(5, content.recommend(RecommendationRequest.forItem("85123A", 5)).size());
    }

    @Test
    void theRestApiServesEachStrategyByName() throws Exception {
        List<String> answered = new ArrayList<>();
        for (String strategy : List.of("cf", "content")) {
            HttpResponse<String> response = Http.get(http, "/api/members/" + MEMBER + "/recommendations?n=10&strategy=" + strategy);
            assertEquals(200, response.statusCode(), response.body());
            com.fasterxml.jackson.databind.JsonNode body = Http.json(response);
            assertEquals(strategy, body.get("strategy").asText(), response.body());
            assertEquals(10, body.get("items").size(), response.body());
            body.get("items").forEach(item -> assertFalse(item.get("explanation").asText().isBlank(), item.toString()));
            answered.add(body.get("items").toString());
        }
        assertNotEquals(answered.get(0), answered.get(1));
        HttpResponse<String> similar = Http.get(http, "/api/items/85123A/recommendations?n=5&strategy=cf");
        assertEquals(200, similar.statusCode(), similar.body());
        assertEquals("cf", Http.json(similar).get("strategy").asText(), similar.body());
        assertEquals(5, Http.json(similar).get("items").size(), similar.body());
        // The spelling: /similar with a strategy is the same item-to-item answer.
        HttpResponse<String> byName = Http.get(http, "/api/items/85123A/similar?n=5&strategy=cf");
        assertEquals(200, byName.statusCode(), byName.body());
        assertEquals("cf", Http.json(byName).get("strategy").asText(), byName.body());
        assertEquals(Http.json(similar).get("items").toString(), Http.json(byName).get("items").toString());
        assertEquals(404, Http.get(http, "/api/items/no-such-item/similar?strategy=cf").statusCode());
    }

    @Test
    void trainingIsAvailableOverHttpAndTheModelIsListed() throws Exception {
        HttpResponse<String> models = Http.get(http, "/api/training/cf");
        assertEquals(200, models.statusCode(), models.body());
        com.fasterxml.jackson.databind.JsonNode model = Http.json(models);
        assertTrue(model.get("modelId").asText().matches("cf-(als|ease|neighbours)-\\d+"), models.body());
        // The model search that chose the model: every trial, the chosen one (the best) and the runner-up.
        com.fasterxml.jackson.databind.JsonNode search = model.path("details").path("search");
        assertTrue(search.path("trials").size() > 1, models.body());
        com.fasterxml.jackson.databind.JsonNode chosen = search.path("chosen");
        assertEquals(model.path("details").path("family").asText(), chosen.path("family").asText(), models.body());
        assertEquals(model.path("details").path("parameters"), chosen.path("parameters"), models.body());
        for (com.fasterxml.jackson.databind.JsonNode trial : search.path("trials")) {
            assertTrue(trial.path("ndcg10").asDouble() <= chosen.path("ndcg10").asDouble(), models.body());
        }
        assertTrue(chosen.path("ndcg10").asDouble() > 0, models.body());
        assertTrue(search.has("runnerUp") && search.path("validation").asText().startsWith("temporal"), models.body());
        HttpResponse<String> started = Http.post(http, "/api/strategies/cf/train", "application/json", "");
        assertEquals(202, started.statusCode(), started.body());
        String job = Http.json(started).get("id").asText();
        assertTrue(job.startsWith("train-"), started.body());
        assertEquals(404, Http.post(http, "/api/training/no-such-strategy", "application/json", "").statusCode());
    }

    @Test
    void evaluationComparesTheStrategiesWithTheBaseline(@InjectService(timeout = WAIT) Evaluations evaluations)
            throws Exception {
        JobStatus status = evaluations.evaluate(new EvaluationRequest(null, 0.2, 42, 60, Set.of("cf", "content")))
                .await(Duration.ofMinutes(8)); // a liveness bound: minutes on a machine shared with builds
        assertEquals(JobState.SUCCEEDED, status.state(), status.progressLine());
        EvaluationReport report = (EvaluationReport) status.result();
        Set<String> rows = report.rows().stream().map(r -> r.holdout() + "/" + r.strategy()).collect(Collectors.toSet());
        assertTrue(rows.containsAll(Set.of("temporal/popularity-baseline", "temporal/cf", "temporal/content",
                "random/popularity-baseline", "random/cf", "random/content")), rows + " " + report.notes());
        report.rows().forEach(r -> assertTrue(r.members() > 0 && r.ndcg10() >= 0 && r.coverage() > 0, r.toString()));
    }

    static List<String> ids(List<Recommendation> recommendations) {
        return recommendations.stream().map(Recommendation::itemId).collect(Collectors.toList());
    }
}
