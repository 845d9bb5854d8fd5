package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.training.ModelStatus;
import org.affinity.jobs.internal.JobRunner;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cf component on a real slice in an in-memory store: training job, persistence, filters, erase, index retrieval. */
class CfStrategyTest {

    static OnlineRetailSlice slice;
    static final String MEMBER = "17850";

    @TempDir
    Path data;

    @BeforeAll
    static void read() {
        slice = OnlineRetailSlice.read(40_000);
    }

    /** The search is off unless a test turns it on: most tests are about serving a model, not choosing one. */
    static CfConfig config(Map<String, Object> overrides) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of("tuning", false));
        settings.putAll(overrides);
        return Configs.of(CfConfig.class, settings);
    }

    static Jobs jobs() throws Exception {
        Object config = Configs.of(Class.forName("org.affinity.jobs.internal.JobsConfig"), Map.of());
        return (Jobs) JobRunner.class.getConstructors()[0].newInstance(config);
    }

    static JobStatus finish(Job job) throws InterruptedException {
        JobStatus status = job.await(Duration.ofMinutes(2));
        assertEquals(JobState.SUCCEEDED, status.state(), status.progressLine());
        return status;
    }

    @Test
    void trainsOnActivationServesAndARestartLoadsInsteadOfTraining() throws Exception {
        MemoryStore store = slice.store();
        Jobs jobs = jobs();
        CfStrategy strategy = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5)), store, jobs);
        ModelStatus before = strategy.status();
        assertNotNull(before.trainingJob(), "an empty model folder and a full store start training");
        finish(jobs.get(before.trainingJob()).orElseThrow());
        ModelStatus trained = strategy.status();
        assertEquals("cf-als-1", trained.modelId());
        assertEquals(slice.events.size(), trained.events());
        assertTrue(Files.exists(data.resolve("reco-cf/model.bin")));

        List<Recommendation> top = strategy.recommend(RecommendationRequest.forMember(MEMBER, 10));
        assertEquals(10, top.size());
        Set<String> bought = slice.events.stream().filter(e -> e.memberId().equals(MEMBER) && e.type() == EventType.PURCHASE)
                .map(Event::itemId).collect(Collectors.toSet());
        top.forEach(r -> assertFalse(bought.contains(r.itemId()), r + " was bought already"));
        top.forEach(r -> assertFalse(r.explanation().isBlank()));
        // Titles come from the store's catalogue.
        assertTrue(top.stream().anyMatch(r -> r.explanation().startsWith("bought together with ")
                && !r.explanation().matches(".*\\d{5}[A-Z]?$")), top.toString());
        strategy.deactivate();

        CfStrategy restarted = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5)), store, jobs);
        assertNull(restarted.status().trainingJob(), "a restart with a saved model does not train");
        assertEquals("cf-als-1", restarted.status().modelId());
        assertEquals(top, restarted.recommend(RecommendationRequest.forMember(MEMBER, 10)));

        // Training again makes version 2 while version 1 keeps serving.
        Job again = restarted.train("test");
        assertEquals(again.id(), restarted.train("asked twice").id(), "one training at a time");
        assertFalse(restarted.recommend(RecommendationRequest.forMember(MEMBER, 10)).isEmpty());
        finish(again);
        assertEquals("cf-als-2", restarted.status().modelId());
        restarted.deactivate();
    }

    @Test
    void filtersItemModeAndErasure() throws Exception {
        MemoryStore store = slice.store();
        Jobs jobs = jobs();
        CfStrategy strategy = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5)), store, jobs);
        store.listen(strategy);
        finish(jobs.get(strategy.status().trainingJob()).orElseThrow());

        Recommendation best = strategy.recommend(RecommendationRequest.forMember(MEMBER, 1)).get(0);
        Filters cheap = new Filters(null, null, new java.math.BigDecimal("1.00"), true, Set.of(best.itemId()), false);
        List<Recommendation> filtered = strategy.recommend(new RecommendationRequest(MEMBER, null, 10, cheap, null, "cf"));
        assertFalse(filtered.isEmpty());
        for (Recommendation r : filtered) {
            assertFalse(r.itemId().equals(best.itemId()));
            assertTrue(store.item(r.itemId()).orElseThrow().price().compareTo(new java.math.BigDecimal("1.00")) <= 0, r.toString());
        }

        String anchor = "85123A";
        List<Recommendation> similar = strategy.recommend(RecommendationRequest.forItem(anchor, 5));
        assertEquals(5, similar.size());
        assertTrue(similar.get(0).explanation().startsWith("bought together with White Hanging Heart")
                || similar.get(0).explanation().toLowerCase().contains("white hanging heart"), similar.toString());

        assertTrue(strategy.remembers(MEMBER), "a served member's history is remembered");
        assertTrue(store.erase(MEMBER));
        assertFalse(strategy.remembers(MEMBER), "erasure drops the remembered history");
        assertEquals(List.of(), strategy.recommend(RecommendationRequest.forMember(MEMBER, 10)),
                "an erased member has no history left to fold in");
        byte[] file = Files.readAllBytes(data.resolve("reco-cf/model.bin"));
        assertFalse(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains(MEMBER),
                "the model file holds no member ids");
        strategy.checkSchedule();
        strategy.deactivate();
    }

    @Test
    void largeCataloguesRetrieveCandidatesThroughTheVectorIndex() throws Exception {
        MemoryStore store = slice.store();
        Jobs jobs = jobs();
        LuceneVectorIndex index = new LuceneVectorIndex(data.resolve("vectors"), Tuning.defaults());
        try {
            CfStrategy exact = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5)), store, jobs);
            finish(jobs.get(exact.status().trainingJob()).orElseThrow());
            CfStrategy indexed = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5, "exactScoringLimit", 0)),
                    store, jobs);
            indexed.vectors = index;
            finish(indexed.train("publish"));
            assertEquals(indexed.model().orElseThrow().items.length, index.existing(FactorIndex.COLLECTION).orElseThrow().size());
            assertEquals("cf-als-2", index.existing(FactorIndex.COLLECTION).orElseThrow().modelId());
            exact = new CfStrategy(data, config(Map.of("factors", 16, "iterations", 5)), store, jobs);
            List<String> fromIndex = ids(indexed.recommend(RecommendationRequest.forMember(MEMBER, 10)));
            List<String> scoredInFull = ids(exact.recommend(RecommendationRequest.forMember(MEMBER, 10)));
            long same = fromIndex.stream().filter(scoredInFull::contains).count();
            assertTrue(same >= 8, "index " + fromIndex + " vs exact " + scoredInFull);
            exact.deactivate();
            indexed.deactivate();
        } finally {
            index.close();
        }
    }

    @Test
    void trainingSearchesTheModelReportsTheTrialsAndKeepsThemAcrossARestart() throws Exception {
        MemoryStore store = slice.store();
        Jobs jobs = jobs();
        // Configured weak (ALS alone, 4 factors, one sweep), so the search picks something else.
        CfStrategy strategy = new CfStrategy(data, config(Map.of("family", "als", "factors", 4, "iterations", 1,
                "tuning", true, "tuningTrials", 4, "validationMembers", 150)), store, jobs);
        finish(jobs.get(strategy.status().trainingJob()).orElseThrow());
        ModelStatus status = strategy.status();
        @SuppressWarnings("unchecked")
        Map<String, Object> search = (Map<String, Object>) status.details().get("search");
        assertNotNull(search, status.details().toString());
        List<?> trials = (List<?>) search.get("trials");
        assertEquals(4, trials.size(), search.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> chosen = (Map<String, Object>) search.get("chosen");
        assertEquals(status.details().get("family"), chosen.get("family"), "the model serves the chosen family");
        assertEquals(status.details().get("parameters"), chosen.get("parameters"));
        assertNotNull(search.get("runnerUp"));
        double best = trials.stream().mapToDouble(t -> ((Number) ((Map<?, ?>) t).get("ndcg10")).doubleValue()).max().orElseThrow();
        assertEquals(best, ((Number) chosen.get("ndcg10")).doubleValue());
        assertEquals(10, strategy.recommend(RecommendationRequest.forMember(MEMBER, 10)).size());
        // Offline fits (hybrid's blend learning, an evaluation's untuned row) train what the search chose.
        assertNotEquals("als", chosen.get("family"), search.toString());
        assertEquals(chosen.get("family"), strategy.fitting().family().label);
        assertEquals(chosen.get("parameters"), strategy.fitting().parameters());
        strategy.deactivate();

        CfStrategy restarted = new CfStrategy(data, config(Map.of("tuning", true)), store, jobs);
        assertNull(restarted.status().trainingJob(), "a restart with a saved model does not train");
        assertEquals(status.details(), restarted.status().details(), "the search report is saved with the model");
        assertEquals(chosen.get("family"), restarted.fitting().family().label);
        restarted.deactivate();
    }

    @Test
    void aPinnedFamilyWithoutFactorsServesAndLeavesTheVectorIndexAlone() throws Exception {
        MemoryStore store = slice.store();
        Jobs jobs = jobs();
        LuceneVectorIndex index = new LuceneVectorIndex(data.resolve("vectors"), Tuning.defaults());
        try {
            CfStrategy strategy = new CfStrategy(data, config(Map.of("family", "ease", "easeItems", 800)), store, jobs);
            strategy.vectors = index;
            finish(jobs.get(strategy.status().trainingJob()).orElseThrow());
            assertEquals("cf-ease-1", strategy.status().modelId());
            assertEquals("ease", strategy.status().details().get("family"));
            assertNull(strategy.status().details().get("search"), "a pinned family is not searched");
            assertTrue(index.existing(FactorIndex.COLLECTION).isEmpty(), "EASE has no item factors to publish");
            List<Recommendation> top = strategy.recommend(RecommendationRequest.forMember(MEMBER, 10));
            assertEquals(10, top.size());
            assertTrue(top.stream().anyMatch(r -> r.explanation().startsWith("bought together with ")), top.toString());
            List<Recommendation> similar = strategy.recommend(RecommendationRequest.forItem("85123A", 5));
            assertEquals(5, similar.size());
            strategy.deactivate();
        } finally {
            index.close();
        }
    }

    static List<String> ids(List<Recommendation> recommendations) {
        return recommendations.stream().map(Recommendation::itemId).collect(Collectors.toList());
    }
}
