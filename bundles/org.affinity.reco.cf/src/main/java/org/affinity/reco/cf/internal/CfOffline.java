package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommender;

/**
 * The cf strategy built from a subset of events, for offline evaluation; histories come from the
 * same subset. {@link #fit} uses the given settings; {@link #fitTuned} searches first on a validation
 * split of the subset alone, then fits the winner on all of it.
 */
public final class CfOffline implements OfflineStrategy {

    private final CfSettings settings;
    private final ModelSearch.Budget budget;
    /** The last model fitted (tests, the Experiment). */
    volatile CfModel last;

    CfOffline(CfSettings settings) {
        this(settings, ModelSearch.Budget.DEFAULT);
    }

    CfOffline(CfSettings settings, ModelSearch.Budget budget) {
        this.settings = settings;
        this.budget = budget;
    }

    /** With the component's default settings and search budget (benchmarks). */
    public static CfOffline withDefaults() {
        return new CfOffline(CfSettings.defaults());
    }

    /** The same settings with another search budget: at most {@code trials} trials and {@code seconds} (tests, benchmarks). */
    public CfOffline withSearchBudget(int trials, double seconds) {
        return new CfOffline(settings, new ModelSearch.Budget(trials, seconds, budget.validationShare(), budget.validationMembers(),
                budget.seed()));
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        return serve(CfModel.train(0, interactions(training), training.size(), settings, progress), training);
    }

    @Override
    public Recommender fitTuned(List<Event> training, JobContext progress) {
        return fitTuned(training, ModelSearch.TEMPORAL, progress);
    }

    /** Tuned for an evaluation's holdout: the search validates on a split carved as that holdout was (temporal or random). */
    @Override
    public Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) {
        return tuned ? fitTuned(training, holdout, progress) : fit(training, progress);
    }

    /** With the settings {@code like} was fitted with, when it is a fit of cf; else as {@link #fit(List, String, boolean, JobContext)}. */
    @Override
    public Recommender fitLike(Recommender like, List<Event> training, String holdout, boolean tuned, JobContext progress) {
        if (like instanceof Fit fit) {
            return serve(CfModel.train(0, interactions(training), training.size(), fit.settings, progress), training);
        }
        return fit(training, holdout, tuned, progress);
    }

    private Recommender fitTuned(List<Event> training, String holdout, JobContext progress) {
        long start = System.nanoTime();
        SearchReport report = ModelSearch.search(training, settings, budget, holdout, progress);
        CfSettings chosen = ModelSearch.chosen(report, settings);
        Interactions data = interactions(training);
        CfModel model = CfModel.assemble(0, data, training.size(), chosen, CfModel.parts(data, chosen, progress), start, report);
        progress.message(String.format("cf tuned: %s fitted on %,d events in %.1f s", chosen.describe(), training.size(),
                model.trainingSeconds));
        return serve(model, training);
    }

    private static Interactions interactions(List<Event> training) {
        Interactions.Builder builder = new Interactions.Builder();
        training.forEach(builder::add);
        return builder.build();
    }

    private Recommender serve(CfModel model, List<Event> training) {
        last = model;
        Map<String, List<Event>> byMember = new HashMap<>();
        for (Event event : training) {
            byMember.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event);
        }
        CfRecommendations recommendations = new CfRecommendations(model);
        Map<String, History> histories = new HashMap<>();
        byMember.forEach((member, events) -> histories.put(member, History.of(events)));
        return new Fit(model.settings, request -> request.itemId() != null
                ? recommendations.similar(request.itemId(), request.count(), request.filters(), Catalogue.ANY)
                : recommendations.forMember(histories.getOrDefault(request.memberId(), History.EMPTY), request.count(),
                        request.filters(), Catalogue.ANY));
    }

    /** A fit, with the settings it was trained with (for {@link #fitLike}). */
    record Fit(CfSettings settings, Recommender answers) implements Recommender {

        @Override
        public List<org.affinity.api.recommend.Recommendation> recommend(org.affinity.api.recommend.RecommendationRequest request) {
            return answers.recommend(request);
        }
    }
}
