package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.affinity.jobs.internal.JobRunner;
import org.affinity.reco.cf.internal.CfOffline;
import org.affinity.reco.popularity.internal.PopularityConfig;
import org.affinity.reco.popularity.internal.PopularityOffline;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live hybrid learning its blend as a job on the store's events, keeping it, explaining it, and learning again after a retraining. */
class HybridLiveLearningTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(60_000);

    @TempDir
    Path data;

    static Jobs jobs() throws Exception {
        Object config = Configs.of(Class.forName("org.affinity.jobs.internal.JobsConfig"), Map.of());
        return (Jobs) JobRunner.class.getConstructors()[0].newInstance(config);
    }

    private HybridStrategy hybrid(MemoryStore store, Jobs jobs, Map<String, Object> config, Trainable cfModel) {
        HybridStrategy hybrid = new HybridStrategy(data, Configs.of(HybridConfig.class, config), false);
        hybrid.store = store;
        hybrid.jobs = jobs;
        List<Map.Entry<Map<String, Object>, OfflineStrategy>> offline = new ArrayList<>();
        offline.add(Map.entry(Map.of(Recommender.STRATEGY, "trending"), PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, true)));
        offline.add(Map.entry(Map.of(Recommender.STRATEGY, "popularity"), PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, false)));
        offline.add(Map.entry(Map.of(Recommender.STRATEGY, "cf"), CfOffline.withDefaults()));
        hybrid.offline = offline;
        hybrid.trainables = List.of(Map.entry(Map.of(Recommender.STRATEGY, "cf"), cfModel));
        // Serving: the same strategies, fitted on every event.
        List<Map.Entry<Map<String, Object>, Recommender>> live = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, OfflineStrategy> strategy : offline) {
            try {
                live.add(Map.entry(strategy.getKey(), strategy.getValue().fit(SLICE.events, new RecordingJobContext())));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        hybrid.strategies = live;
        return hybrid;
    }

    /** cf's model status, whose model id the test changes as a retraining would. */
    private static final class CfModel implements Trainable {
        final AtomicReference<String> model = new AtomicReference<>("cf-als-1");

        @Override
        public Job train(String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModelStatus status() {
            return new ModelStatus("cf", model.get(), Instant.now(), 0, 0, 0, 0, null, Map.of());
        }
    }

    @Test
    void learnsAsAJobKeepsTheBlendExplainsItAndLearnsAgainWhenCfRetrains() throws Exception {
        MemoryStore store = SLICE.store();
        Jobs jobs = jobs();
        CfModel cf = new CfModel();
        HybridStrategy hybrid = hybrid(store, jobs, Map.of(), cf);
        assertNull(hybrid.status().modelId());
        assertTrue(hybrid.status().details().get("serving").toString().startsWith("configured, until a blend is learned"));

        JobStatus done = finish(hybrid.train("test"));
        assertEquals(JobState.SUCCEEDED, done.state(), done.toString());
        ModelStatus status = hybrid.status();
        assertEquals("hybrid-blend-1", status.modelId());
        assertEquals("learned", status.details().get("serving"));
        assertEquals(Map.of("cf", "cf-als-1"), status.details().get("blendedModels"));
        @SuppressWarnings("unchecked")
        Map<String, Object> warm = (Map<String, Object>) status.details().get("warm");
        double learned = (Double) warm.get("validationNdcg10");
        @SuppressWarnings("unchecked")
        Map<String, Double> alone = (Map<String, Double>) warm.get("aloneNdcg10");
        assertEquals(Map.of("cf", true, "popularity", true, "trending", true), Map.of("cf", alone.containsKey("cf"), "popularity",
                alone.containsKey("popularity"), "trending", alone.containsKey("trending")));
        // Never below the best strategy alone on the members it learned on.
        assertTrue(learned >= alone.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), warm.toString());
        assertTrue(status.details().get("explanation").toString().contains("warm members (5+ events)"), status.details().toString());
        assertTrue(Files.exists(data.resolve("reco-hybrid/blend.properties")));

        // Serves the learned blend: exactly what an offline hybrid with the same blend over the same strategies answers.
        String member = SLICE.events.get(SLICE.events.size() - 1).memberId();
        assertEquals(10, hybrid.recommend(RecommendationRequest.forMember(member, 10)).size());

        // A restart reads the blend back: nothing to learn again.
        HybridStrategy restarted = hybrid(store, jobs, Map.of(), cf);
        assertEquals(hybrid.learned(), restarted.learned());
        assertEquals(status.details().get("explanation"), restarted.status().details().get("explanation"));

        // learn off: the configured weights serve, the learned blend is still shown.
        restarted.modified(Configs.of(HybridConfig.class, Map.of("learn", false)));
        assertTrue(restarted.status().details().get("serving").toString().startsWith("configured: learn is off"));
        restarted.relearnIfRetrained();
        assertNull(restarted.status().trainingJob(), "learn off: no relearning");
        restarted.modified(Configs.defaults(HybridConfig.class));

        // Same cf model: nothing to do. cf retrained: learned again, as a job.
        restarted.relearnIfRetrained();
        assertNull(restarted.status().trainingJob());
        cf.model.set("cf-als-2");
        restarted.relearnIfRetrained();
        String job = restarted.status().trainingJob();
        assertNotNull(job, "a new cf model starts learning the blend again");
        JobStatus again = finish(jobs.get(job).orElseThrow());
        assertEquals(JobState.SUCCEEDED, again.state(), again.toString());
        assertTrue(again.title().contains("retrained: cf cf-als-2"), again.title());
        assertEquals(Map.of("cf", "cf-als-2"), restarted.status().details().get("blendedModels"));
        assertNotEquals(hybrid.learned().learnedAt(), restarted.learned().learnedAt());
    }

    static JobStatus finish(Job job) throws InterruptedException {
        JobStatus status = job.await(Duration.ofMinutes(3));
        assertTrue(status.state().finished(), status.toString());
        return status;
    }
}
