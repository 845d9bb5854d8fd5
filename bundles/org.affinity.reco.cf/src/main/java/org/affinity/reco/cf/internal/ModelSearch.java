package org.affinity.reco.cf.internal;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.affinity.api.evaluation.Holdout;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;

/**
 * Chooses cf's model family and hyperparameters for one shop. A validation split is carved from the
 * training events alone (the last {@code validationShare} of their time span, as {@link Holdout}
 * splits for an evaluation, so an evaluation's held-out period is never seen), candidates are fitted
 * on the rest and scored by NDCG@10 on a seeded sample of validation members.
 *
 * <p>The search is a bounded random search that learns as it goes: trial 1 is the configured
 * settings (so the choice is never worse than them on validation); then the families take turns. ALS,
 * EASE and neighbours alone draw their next untried hyperparameters from seeded shuffles of their
 * grids; the blends combine the best ALS (or EASE) and the best neighbours found so far with an
 * untried weight, which costs a scoring pass and no fit, because fitted parts are kept and reused. It
 * stops after {@code trials} trials or when the time budget is spent (a trial running then finishes).
 */
final class ModelSearch {

    /** The limits of one search; all from the component configuration. */
    record Budget(int trials, double seconds, double validationShare, int validationMembers, long seed) {

        static final Budget DEFAULT = new Budget(24, 120, 0.1, 500, 42);
    }

    /** The kinds of validation split, named as {@link Holdout} names its splits. */
    static final String TEMPORAL = "temporal";
    static final String RANDOM = "random";
    static final List<Integer> FACTORS = List.of(32, 64, 128);
    static final List<Float> REGULARIZATION = List.of(0.01f, 0.1f, 1f);
    static final List<Float> ALPHA = List.of(1f, 5f, 10f, 20f, 40f);
    static final List<Integer> NEIGHBOURS = List.of(20, 50, 100, 200, 400);
    static final List<Float> SHRINK = List.of(0f, 10f, 50f, 100f);
    /** In order of prior belief (EASE is flat over 100-500 on Online Retail): each one is a full O(n^3) fit. */
    static final List<Float> EASE_LAMBDA = List.of(300f, 100f, 1000f, 30f, 3000f);
    static final List<Float> WEIGHTS = List.of(0.2f, 0.35f, 0.5f, 0.65f, 0.8f);
    private static final List<CfSettings.Family> TURNS = List.of(CfSettings.Family.EASE, CfSettings.Family.ALS,
            CfSettings.Family.NEIGHBOURS, CfSettings.Family.ALS_NEIGHBOURS, CfSettings.Family.EASE_NEIGHBOURS);

    private final CfSettings configured;
    private final Budget budget;
    private final JobContext progress;
    private final Random random;
    private final Map<CfSettings.Family, List<CfSettings>> grids = new EnumMap<>(CfSettings.Family.class);
    private final Set<CfSettings> tried = new HashSet<>();
    private final List<SearchReport.Trial> trials = new ArrayList<>();
    private final Map<Als.Settings, float[]> factors = new HashMap<>();
    private final Map<List<Float>, ItemNeighbours> neighbours = new HashMap<>();
    /** Only the best EASE fit is kept: each is items^2 floats. */
    private Ease bestEase;
    private float bestEaseLambda = Float.NaN;
    private double bestEaseScore = Double.NEGATIVE_INFINITY;
    private double easeSeconds;

    private ModelSearch(CfSettings configured, Budget budget, JobContext progress) {
        this.configured = configured;
        this.budget = budget;
        this.progress = progress;
        this.random = new Random(budget.seed());
    }

    /**
     * Searches on a validation split of {@code training}. The report is empty of trials (and the
     * configured settings stand) when the split leaves no validation member.
     */
    static SearchReport search(List<Event> training, CfSettings configured, Budget budget, JobContext progress) {
        return search(training, configured, budget, TEMPORAL, progress);
    }

    /**
     * Searches on a validation split of {@code training} carved the way {@code holdout} names:
     * {@code "temporal"} (what the live component does: the shop serves the future) or
     * {@code "random"} (for an evaluation on a random holdout, which scores something else: the
     * family that predicts the next period best is not the one that fills in hidden purchases best).
     */
    static SearchReport search(List<Event> training, CfSettings configured, Budget budget, String holdout, JobContext progress) {
        return new ModelSearch(configured, budget, progress).run(training, holdout);
    }

    /**
     * The last {@code validationShare} of the training events' time span held out as an evaluation
     * holds out its test period, its members sampled: the search never sees more than {@code training}.
     */
    static Holdout validation(List<Event> training, Budget budget) {
        return validation(training, budget, TEMPORAL);
    }

    /** As {@link #validation(List, Budget)}, or with {@code "random"} a seeded {@code validationShare} of each member's items. */
    static Holdout validation(List<Event> training, Budget budget, String holdout) {
        Holdout split = switch (holdout) {
            case TEMPORAL -> Holdout.temporal(training, Holdout.splitTime(training, budget.validationShare()).truncatedTo(ChronoUnit.SECONDS));
            case RANDOM -> Holdout.random(training, budget.validationShare(), budget.seed());
            default -> throw new IllegalArgumentException("validation holdout must be temporal or random, was '" + holdout + "'");
        };
        return split.sample(budget.validationMembers(), budget.seed());
    }

    /** The settings the report chose, or the configured ones when it has no trial. */
    static CfSettings chosen(SearchReport report, CfSettings configured) {
        return report.trials().isEmpty() ? configured : report.chosen().settings();
    }

    private SearchReport run(List<Event> training, String holdout) {
        long start = System.nanoTime();
        progress.message("model search: carving a " + holdout + " validation split from " + String.format("%,d", training.size())
                + " training events");
        Holdout validation = training.isEmpty() ? null : validation(training, budget, holdout);
        if (validation == null || validation.relevant().isEmpty()) {
            String note = validation == null ? "no training events" : validation.note();
            progress.message("model search: no validation member, the configured settings stand (" + note + ")");
            return new SearchReport(List.of(), note, "no validation member", seconds(start));
        }
        Interactions.Builder builder = new Interactions.Builder();
        Map<String, List<Event>> events = new HashMap<>();
        for (Event event : validation.training()) {
            builder.add(event);
            if (validation.relevant().containsKey(event.memberId())) {
                events.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event);
            }
        }
        Interactions data = builder.build();
        Map<String, History> histories = new HashMap<>();
        events.forEach((member, list) -> histories.put(member, History.of(list)));
        progress.total(budget.trials(), "trials");
        progress.done(0);
        String stopped = budget.trials() + " trials";
        for (int number = 1; number <= budget.trials(); number++) {
            double elapsed = seconds(start);
            if (number > 1 && elapsed >= budget.seconds()) {
                stopped = String.format("budget of %.0f s reached after %d trials", budget.seconds(), number - 1);
                break;
            }
            CfSettings next = number == 1 ? configured : next(budget.seconds() - elapsed);
            if (next == null) {
                stopped = "every candidate tried after " + (number - 1) + " trials";
                break;
            }
            tried.add(next);
            long trialStart = System.nanoTime();
            CfModel model = model(data, next);
            CfRecommendations recommendations = new CfRecommendations(model);
            double ndcg = validation.ndcg(10, member -> ids(recommendations.forMember(
                    histories.getOrDefault(member, History.EMPTY), 10, Filters.NONE, Catalogue.ANY)));
            SearchReport.Trial trial = new SearchReport.Trial(number, next, ndcg, seconds(trialStart));
            trials.add(trial);
            keepBestEase(next, model, ndcg);
            progress.done(number);
            progress.message(String.format("trial %d/%d: %s: ndcg %.4f (%.1f s)", number, budget.trials(), next.describe(), ndcg,
                    trial.seconds()));
        }
        SearchReport report = new SearchReport(trials, validation.note(), stopped, seconds(start));
        SearchReport.Trial chosen = report.chosen();
        progress.message(String.format("chosen: %s, validation ndcg@10 %.4f (trial %d of %d; %s)", chosen.settings().describe(),
                chosen.ndcg10(), chosen.number(), trials.size(), stopped));
        return report;
    }

    /** The next candidate in the families' turn, skipping families with nothing left (or too dear for the time left). */
    private CfSettings next(double secondsLeft) {
        for (int turn = 0; turn < TURNS.size(); turn++) {
            CfSettings.Family family = TURNS.get((trials.size() - 1 + turn) % TURNS.size());
            if (family.ease() && easeSeconds > secondsLeft && !family.blend()) {
                continue;
            }
            CfSettings candidate = family.blend() ? blend(family) : draw(family);
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** The next untried point of a single family's grid, in seeded-shuffled order (EASE in prior order). */
    private CfSettings draw(CfSettings.Family family) {
        List<CfSettings> grid = grids.computeIfAbsent(family, this::grid);
        while (!grid.isEmpty()) {
            CfSettings candidate = grid.remove(0);
            if (!tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private List<CfSettings> grid(CfSettings.Family family) {
        List<CfSettings> grid = new ArrayList<>();
        CfSettings base = configured.with(family);
        Als.Settings als = configured.als();
        switch (family) {
            case ALS -> {
                for (int f : FACTORS) {
                    for (float r : REGULARIZATION) {
                        for (float a : ALPHA) {
                            grid.add(base.withAls(new Als.Settings(f, als.iterations(), r, a, als.cgSteps(), als.seed())));
                        }
                    }
                }
                Collections.shuffle(grid, random);
            }
            case NEIGHBOURS -> {
                for (int k : NEIGHBOURS) {
                    for (float s : SHRINK) {
                        grid.add(base.withNeighbours(k, s));
                    }
                }
                Collections.shuffle(grid, random);
            }
            case EASE -> EASE_LAMBDA.forEach(lambda -> grid.add(base.withEaseLambda(lambda)));
            default -> throw new IllegalArgumentException(family.label + " is a blend");
        }
        return grid;
    }

    /**
     * The best learned part of the blend's kind and the best neighbours so far, with a weight not yet
     * tried for that pair (in seeded order); null when there is none.
     */
    private CfSettings blend(CfSettings.Family family) {
        SearchReport.Trial learned = best(t -> family.als() ? t.als() : t.ease());
        SearchReport.Trial votes = best(t -> t == CfSettings.Family.NEIGHBOURS || t.blend());
        if (learned == null || votes == null) {
            return null;
        }
        CfSettings pair = learned.settings().with(family).withNeighbours(votes.settings().neighbours(), votes.settings().shrink());
        List<Float> weights = new ArrayList<>(WEIGHTS);
        Collections.shuffle(weights, random);
        for (float weight : weights) {
            CfSettings candidate = pair.withWeight(weight);
            if (!tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private SearchReport.Trial best(java.util.function.Predicate<CfSettings.Family> among) {
        SearchReport.Trial best = null;
        for (SearchReport.Trial trial : trials) {
            if (among.test(trial.settings().family()) && (best == null || trial.ndcg10() > best.ndcg10())) {
                best = trial;
            }
        }
        return best;
    }

    /** A model of the candidate's family from parts fitted once and kept. */
    private CfModel model(Interactions data, CfSettings settings) {
        JobContext quiet = progress.nested(null); // the search reports per trial; a fit only stops when the job is cancelled
        float[] itemFactors = settings.family().als()
                ? factors.computeIfAbsent(settings.als(), als -> new Als(als).train(data, quiet)) : null;
        Ease ease = null;
        if (settings.family().ease()) {
            if (bestEase != null && bestEaseLambda == settings.easeLambda()) {
                ease = bestEase;
            } else {
                long start = System.nanoTime();
                ease = Ease.fit(data, settings.easeLambda(), settings.easeItems(), quiet);
                easeSeconds = Math.max(easeSeconds, seconds(start));
            }
        }
        ItemNeighbours votes = neighbours.computeIfAbsent(List.of((float) settings.neighbours(), settings.shrink()),
                key -> ItemNeighbours.compute(data, settings.neighbours(), settings.shrink(), quiet));
        return CfModel.assemble(0, data, data.size(), settings, new CfModel.Parts(itemFactors, ease, votes), System.nanoTime(), null);
    }

    private void keepBestEase(CfSettings settings, CfModel model, double score) {
        if (model.ease != null && model.ease != bestEase && score > bestEaseScore) {
            bestEase = model.ease;
            bestEaseLambda = settings.easeLambda();
            bestEaseScore = score;
        }
    }

    private static List<String> ids(List<Recommendation> recommendations) {
        List<String> ids = new ArrayList<>(recommendations.size());
        recommendations.forEach(r -> ids.add(r.itemId()));
        return ids;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
