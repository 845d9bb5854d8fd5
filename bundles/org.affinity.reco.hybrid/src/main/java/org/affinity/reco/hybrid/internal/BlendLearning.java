package org.affinity.reco.hybrid.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.evaluation.Holdout;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.Recommender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns hybrid's blend from training events alone: carves a validation split from them (the way
 * the evaluation splits the store, temporal by default), fits the strategies to blend on the part
 * before it, asks each of them once for every validation member, then searches the blend for warm
 * and for cold members separately ({@link BlendSearch}).
 */
final class BlendLearning {

    /** How a strategy is fitted: as configured, or after its own tuning. */
    @FunctionalInterface
    interface Fitter {
        Recommender fit(OfflineStrategy strategy, List<Event> training, JobContext progress) throws Exception;
    }

    /**
     * How to carve the validation split.
     *
     * @param holdout "temporal" (the last {@code share} of the events) or "random" ({@code share} of each member's items)
     * @param members validation members at most (a seeded sample; 0: all)
     */
    record Validation(String holdout, double share, int members, long seed) {

        Validation {
            if (!holdout.equals("temporal") && !holdout.equals("random")) {
                throw new IllegalArgumentException("validation holdout must be temporal or random, was '" + holdout + "'");
            }
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("validation share must be between 0 and 1, was " + share);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BlendLearning.class);
    /** A group with fewer validation members than this gets the other group's blend: too few to learn from. */
    static final int MIN_GROUP = 50;
    /** A temporal validation split with fewer test members than this falls back to a random one. */
    static final int MIN_MEMBERS = 30;

    private BlendLearning() {
    }

    /**
     * @param others the strategies that may be blended, by name (the search may leave any out)
     * @param models the model of each blended strategy now (kept with the blend, to notice retraining)
     * @param catalogue item data for MMR, or null
     */
    static LearnedBlend learn(List<Event> training, Map<String, OfflineStrategy> others, Fitter fitter, boolean tuned,
            BlendSettings base, Validation validation, Blend.Catalogue catalogue, ItemFeatures features, Map<String, String> models,
            JobContext progress) throws Exception {
        long start = System.nanoTime();
        progress.message("hybrid: carving a " + validation.holdout() + " validation split");
        Holdout split = split(training, validation);
        List<String> members = new ArrayList<>(split.relevant().keySet());
        if (members.isEmpty()) {
            throw new IllegalStateException("hybrid: no validation members in " + training.size() + " training events (" + split.note()
                    + "): nothing to learn a blend from");
        }
        progress.total(others.size() + members.size(), "steps");
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        for (Map.Entry<String, OfflineStrategy> other : others.entrySet()) {
            progress.checkCancelled();
            progress.message("hybrid: fitting " + other.getKey() + (tuned ? " (tuned)" : "") + " on the validation split's training events");
            try {
                fitted.put(other.getKey(), fitter.fit(other.getValue(), split.training(), progress));
            } catch (CancellationException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                LOG.warn("hybrid: fitting {} for the blend search failed, left out: {}", other.getKey(), e.toString());
            }
            progress.advance(1);
        }
        if (fitted.isEmpty()) {
            throw new IllegalStateException("hybrid: no strategy to blend could be fitted");
        }
        progress.message("hybrid: asking " + String.join(", ", fitted.keySet()) + " for " + members.size() + " validation members");
        List<BlendSearch.Member> asked = ask(split, members, fitted, BlendSearch.DEPTH * Math.max(1, base.candidateFactor()), progress);
        Map<String, Integer> history = new HashMap<>();
        split.training().forEach(event -> history.merge(event.memberId(), 1, Integer::sum));
        List<BlendSearch.Member> warm = new ArrayList<>();
        List<BlendSearch.Member> cold = new ArrayList<>();
        asked.forEach(member -> (history.getOrDefault(member.id(), 0) >= base.coldHistory() ? warm : cold).add(member));
        double stepZ = split.name().equals("temporal") ? BlendSearch.TEMPORAL_STEP_Z : 0;
        BlendSearch search = new BlendSearch(base, List.copyOf(fitted.keySet()), catalogue, features, stepZ, progress);
        progress.message("hybrid: searching the blend for " + warm.size() + " warm and " + cold.size() + " cold validation members");
        LearnedBlend.Group warmBlend;
        LearnedBlend.Group coldBlend;
        if (warm.size() >= MIN_GROUP || warm.size() >= cold.size()) {
            warmBlend = search.search(warm.isEmpty() ? asked : warm, warm.size() < MIN_GROUP ? "few warm members: learned on all" : "");
            coldBlend = cold.size() >= MIN_GROUP ? search.search(cold, "")
                    : alike(warmBlend, cold.size(), "only " + cold.size() + " cold validation members: the warm blend");
        } else {
            coldBlend = search.search(cold, "");
            warmBlend = alike(coldBlend, warm.size(), "only " + warm.size() + " warm validation members: the cold blend");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("hybrid learned its blend in {} s ({} candidates): {}", Math.round(seconds), search.evaluated(),
                "warm " + warmBlend.explain() + "; cold " + coldBlend.explain());
        return new LearnedBlend(Instant.now(), base.coldHistory(), warmBlend, coldBlend, split.note(), training.size(), models, tuned,
                seconds);
    }

    /** Another group's blend for a group too small to learn from; its scores are that group's. */
    private static LearnedBlend.Group alike(LearnedBlend.Group learned, int members, String note) {
        return new LearnedBlend.Group(learned.mode(), learned.weights(), learned.rrfK(), learned.mmrLambda(), learned.members(),
                learned.learned(), learned.configured(), learned.alone(), note + " (" + members + " members)");
    }

    static Holdout split(List<Event> training, Validation validation) {
        if (validation.holdout().equals("temporal")) {
            Holdout temporal = Holdout.temporal(training, Holdout.splitTime(training, validation.share()));
            if (temporal.relevant().size() >= MIN_MEMBERS) {
                return temporal.sample(validation.members(), validation.seed());
            }
            LOG.info("hybrid: {} members in the temporal validation split, too few: a random one instead", temporal.relevant().size());
        }
        return Holdout.random(training, validation.share(), validation.seed()).sample(validation.members(), validation.seed());
    }

    /** Each fitted strategy's answer for every validation member, asked once (members side by side). */
    private static List<BlendSearch.Member> ask(Holdout split, List<String> members, Map<String, Recommender> fitted, int count,
            JobContext progress) {
        BlendSearch.Member[] asked = new BlendSearch.Member[members.size()];
        AtomicInteger done = new AtomicInteger();
        java.util.stream.IntStream.range(0, members.size()).parallel().forEach(i -> {
            String member = members.get(i);
            Map<String, List<Recommendation>> answers = new LinkedHashMap<>();
            fitted.forEach((name, recommender) -> {
                List<Recommendation> answer;
                try {
                    answer = recommender.recommend(BlendSearch.request(member, name, count));
                } catch (RuntimeException | LinkageError e) {
                    // As live: a strategy that fails for one member is left out of that member's blend.
                    answer = List.of();
                }
                answers.put(name, answer == null ? List.of() : List.copyOf(answer));
            });
            asked[i] = new BlendSearch.Member(member, Set.copyOf(split.relevant().get(member)), Collections.unmodifiableMap(answers));
            if (done.incrementAndGet() % 64 == 0) {
                progress.advance(64);
                progress.checkCancelled();
            }
        });
        return List.of(asked);
    }
}
