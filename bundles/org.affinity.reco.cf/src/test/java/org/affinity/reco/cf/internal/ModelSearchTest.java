package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.affinity.api.evaluation.Holdout;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model search on real Online Retail slices: where its validation comes from, what it picks, its limits, its seed. */
class ModelSearchTest {

    static OnlineRetailSlice slice;
    /** An evaluation's temporal split of the slice: the search gets only its training events. */
    static Holdout evaluation;

    @BeforeAll
    static void read() {
        slice = OnlineRetailSlice.read(60_000);
        evaluation = Holdout.temporal(slice.events, Holdout.splitTime(slice.events, 0.2));
    }

    /** Neighbours alone with a poor setting: trial 1, which a search should beat. */
    static CfSettings weak() {
        return new CfSettings(CfSettings.Family.NEIGHBOURS, new Als.Settings(16, 5, 0.1f, 10f, 3, 42), 5, 200f, 0.5f, 300f, 800);
    }

    static ModelSearch.Budget trials(int trials) {
        return new ModelSearch.Budget(trials, 600, 0.15, 300, 42);
    }

    @Test
    void theValidationSplitIsCarvedFromTheTrainingEventsAlone() {
        Instant evaluationSplit = evaluation.training().stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
        Holdout validation = ModelSearch.validation(evaluation.training(), trials(1));
        // Every validation purchase is a training event; the evaluation's held-out purchases are none of them.
        Set<String> trainingPurchases = new HashSet<>();
        evaluation.training().stream().filter(e -> e.type() == EventType.PURCHASE)
                .forEach(e -> trainingPurchases.add(e.memberId() + "/" + e.itemId()));
        assertTrue(validation.relevant().size() > 50, validation.note());
        validation.relevant().forEach((member, items) -> items.forEach(item ->
                assertTrue(trainingPurchases.contains(member + "/" + item), member + " " + item + " is not a training purchase")));
        Set<String> heldOut = new HashSet<>();
        evaluation.relevant().forEach((member, items) -> items.forEach(item -> heldOut.add(member + "/" + item)));
        heldOut.removeAll(trainingPurchases);
        validation.relevant().forEach((member, items) -> items.forEach(item ->
                assertTrue(!heldOut.contains(member + "/" + item), "held-out purchase " + member + "/" + item + " in validation")));
        assertTrue(validation.training().stream().allMatch(e -> !e.timestamp().isAfter(evaluationSplit)));
        assertTrue(validation.training().size() < evaluation.training().size());

        // The tuned offline strategy fits its final model on exactly the training events.
        CfOffline tuned = new CfOffline(weak(), trials(2));
        tuned.fitTuned(evaluation.training(), new RecordingJobContext());
        assertEquals(evaluation.training().size(), tuned.last.events);
    }

    @Test
    void forARandomHoldoutTheValidationIsRandomToo() {
        Holdout random = Holdout.random(slice.events, 0.2, 7);
        Holdout validation = ModelSearch.validation(random.training(), trials(1), ModelSearch.RANDOM);
        Holdout temporal = ModelSearch.validation(random.training(), trials(1), ModelSearch.TEMPORAL);
        Instant temporalSplit = temporal.training().stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
        Set<String> trainingPurchases = new HashSet<>();
        random.training().stream().filter(e -> e.type() == EventType.PURCHASE).forEach(e -> trainingPurchases.add(e.memberId() + "/" + e.itemId()));
        assertTrue(validation.relevant().size() > 50, validation.note());
        validation.relevant().forEach((member, items) -> items.forEach(item ->
                assertTrue(trainingPurchases.contains(member + "/" + item), member + " " + item + " is not a training purchase")));
        // Held out from every part of the period, not only its end: its training events reach past the temporal split.
        assertTrue(validation.training().stream().anyMatch(e -> e.timestamp().isAfter(temporalSplit)), validation.note());

        // The evaluation's fit for a random holdout searches on it, and still fits the winner on every training event.
        CfOffline tuned = new CfOffline(weak(), trials(2));
        RecordingJobContext progress = new RecordingJobContext();
        tuned.fit(random.training(), ModelSearch.RANDOM, true, progress);
        assertTrue(progress.messages().stream().anyMatch(m -> m.contains("random validation split")), progress.messages().toString());
        assertEquals(random.training().size(), tuned.last.events);
    }

    @Test
    void aFitLikeAnotherTrainsItsSettingsWithoutSearchingAgain() {
        CfOffline strategy = new CfOffline(weak(), trials(3));
        Recommender tuned = strategy.fit(evaluation.training(), ModelSearch.TEMPORAL, true, new RecordingJobContext());
        CfSettings chosen = strategy.last.settings;
        assertNotEquals(weak().describe(), chosen.describe(), "the search chose other settings than the weak ones");
        List<Event> part = evaluation.training().subList(0, evaluation.training().size() * 3 / 4);
        RecordingJobContext progress = new RecordingJobContext();
        Recommender like = strategy.fitLike(tuned, part, ModelSearch.TEMPORAL, true, progress);
        assertEquals(chosen.describe(), strategy.last.settings.describe());
        assertEquals(part.size(), strategy.last.events);
        assertTrue(progress.messages().stream().noneMatch(m -> m.startsWith("trial ")), "searched again: " + progress.messages());
        assertFalse(like.recommend(RecommendationRequest.forMember(part.get(part.size() - 1).memberId(), 10)).isEmpty());
        // Given something that is no fit of cf, it fits as asked (here: searches).
        strategy.fitLike(request -> List.of(), part, ModelSearch.TEMPORAL, true, progress);
        assertTrue(progress.messages().stream().anyMatch(m -> m.startsWith("trial ")), progress.messages().toString());
    }

    @Test
    void picksTheBetterFamilyAndTheTunedModelBeatsTheConfiguredOneOnTheHeldOutPeriod() throws Exception {
        RecordingJobContext progress = new RecordingJobContext();
        SearchReport report = ModelSearch.search(evaluation.training(), weak(), trials(6), progress);
        assertEquals(6, report.trials().size());
        SearchReport.Trial chosen = report.chosen();
        assertTrue(report.trials().stream().allMatch(t -> t.ndcg10() <= chosen.ndcg10()), report.toString());
        assertNotEquals(CfSettings.Family.NEIGHBOURS, chosen.settings().family(), report.toString());
        assertTrue(chosen.ndcg10() > report.trials().get(0).ndcg10(), "the search beats the weak configured settings on validation");
        assertTrue(progress.messages().stream().anyMatch(m -> m.startsWith("trial 3/6: ")), progress.messages().toString());
        assertTrue(progress.messages().stream().anyMatch(m -> m.startsWith("chosen: " + chosen.settings().describe())),
                progress.messages().toString());

        // On the evaluation's own held-out period, which the search never saw, the choice is better too.
        CfOffline strategy = new CfOffline(weak(), trials(6));
        double configured = ndcg(strategy.fit(evaluation.training(), new RecordingJobContext()));
        double tuned = ndcg(strategy.fitTuned(evaluation.training(), new RecordingJobContext()));
        assertTrue(tuned > configured, "tuned " + tuned + " vs configured " + configured);
    }

    @Test
    void stopsAfterTheTrialBudgetAndStartsNoSecondTrialWithoutTime() {
        SearchReport three = ModelSearch.search(evaluation.training(), weak(), trials(3), new RecordingJobContext());
        assertEquals(3, three.trials().size());
        assertEquals("3 trials", three.stopped());
        SearchReport noTime = ModelSearch.search(evaluation.training(), weak(), new ModelSearch.Budget(10, 0, 0.15, 300, 42),
                new RecordingJobContext());
        assertEquals(1, noTime.trials().size(), "with the time spent, only trial 1 (the configured settings) runs");
        assertTrue(noTime.stopped().startsWith("budget of 0 s reached after 1 trials"), noTime.stopped());
        assertEquals(weak(), ModelSearch.chosen(noTime, weak()));
    }

    @Test
    void theSameSeedGivesTheSameSearchAndAnotherSeedAnother() {
        SearchReport first = ModelSearch.search(evaluation.training(), weak(), trials(5), new RecordingJobContext());
        SearchReport again = ModelSearch.search(evaluation.training(), weak(), trials(5), new RecordingJobContext());
        assertEquals(settings(first), settings(again));
        assertEquals(first.trials().stream().map(SearchReport.Trial::ndcg10).toList(),
                again.trials().stream().map(SearchReport.Trial::ndcg10).toList());
        SearchReport other = ModelSearch.search(evaluation.training(), weak(), new ModelSearch.Budget(5, 600, 0.15, 300, 7),
                new RecordingJobContext());
        assertNotEquals(settings(first), settings(other));
    }

    private static List<CfSettings> settings(SearchReport report) {
        return report.trials().stream().map(SearchReport.Trial::settings).toList();
    }

    private static double ndcg(org.affinity.api.recommend.Recommender recommender) {
        return evaluation.sample(300, 42).ndcg(10, member -> recommender
                .recommend(org.affinity.api.recommend.RecommendationRequest.forMember(member, 10)).stream()
                .map(org.affinity.api.recommend.Recommendation::itemId).toList());
    }
}
