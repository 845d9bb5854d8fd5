package org.affinity.reco.hybrid.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid for offline evaluation: fits the other offline strategies on the training events and
 * combines the fitted copies with the live {@link Blend}. With {@code learn} on (the default), {@link #fit}
 * first learns the blend on a validation split carved from the training events, exactly as the live
 * strategy does; {@link #fitTuned} learns it over the other strategies' tuned fits. History lengths
 * (cold or warm, switching) come from the training events. Item titles and categories
 * (diversification) come from the store: they describe the catalogue, not behaviour, so they leak
 * nothing of the test period, and events carry none. Without a store the fused order is kept.
 */
public final class HybridOffline implements OfflineStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(HybridOffline.class);

    private final BlendSettings base;
    private final boolean learn;
    private final BlendLearning.Validation validation;
    /** The blend learned by the last fit that learned one (benchmarks print it). */
    private volatile LearnedBlend last;
    private final Map<String, OfflineStrategy> others;
    private final Store store;
    private final ItemFeatures features = new ItemFeatures(50_000, 1_000_000);

    HybridOffline(BlendSettings base, boolean learn, BlendLearning.Validation validation, Map<String, OfflineStrategy> others,
            Store store) {
        this.base = base;
        this.learn = learn;
        this.validation = validation;
        this.others = new LinkedHashMap<>(others);
        this.store = store;
    }

    /** Outside OSGi (benchmarks, tests): a configuration and the strategies to fit and combine. */
    public static HybridOffline with(HybridConfig config, Map<String, OfflineStrategy> others, Store store) {
        return new HybridOffline(BlendSettings.of(config), config.learn(), validation(config), others, store);
    }

    static BlendLearning.Validation validation(HybridConfig config) {
        return new BlendLearning.Validation(config.validationHoldout(), config.validationShare(), config.validationMembers(), 42);
    }

    /** What the last fit that learned a blend learned, explained; null before any. */
    public String lastLearned() {
        LearnedBlend learned = last;
        return learned == null ? null : learned.explain();
    }

    /** A hybrid fitted offline; {@link #learned()} tells what it learned, if it learned. */
    public static final class Fitted implements Recommender {

        private final Blends blends;
        private final Map<String, Recommender> present;
        private final Map<String, Integer> history;
        private final Blend.Catalogue catalogue;
        private final LearnedBlend learned;

        Fitted(Blends blends, Map<String, Recommender> present, Map<String, Integer> history, Blend.Catalogue catalogue,
                LearnedBlend learned) {
            this.blends = blends;
            this.present = present;
            this.history = history;
            this.catalogue = catalogue;
            this.learned = learned;
        }

        @Override
        public List<Recommendation> recommend(RecommendationRequest request) {
            return blends.recommend(request, present, member -> history.getOrDefault(member, 0), catalogue, null);
        }

        /** The blend learned for this fit, or null when it blends as configured. */
        public LearnedBlend learned() {
            return learned;
        }
    }

    /** As configured: the configured blend, or with {@code learn} on, the blend learned on these training events. */
    @Override
    public Fitted fit(List<Event> training, JobContext progress) throws Exception {
        return fit(training, validation.holdout(), false, progress);
    }

    /** The blend learned over the other strategies' tuned fits. */
    @Override
    public Fitted fitTuned(List<Event> training, JobContext progress) throws Exception {
        return fit(training, validation.holdout(), true, progress);
    }

    /**
     * For an evaluation's holdout: the blend is learned on a validation split carved the same way
     * (temporal or random), over the other strategies fitted for that holdout as configured or tuned.
     */
    @Override
    public Fitted fit(List<Event> training, String holdout, boolean tuned, JobContext progress) throws Exception {
        BlendLearning.Fitter fitter = (strategy, events, nested) -> strategy.fit(events, holdout, tuned, nested);
        if (!learn && !tuned) {
            Blends blends = Blends.of(new Blend(base, features));
            return fitted(blends, fitOthers(training, blends, fitter, progress), training, null);
        }
        BlendLearning.Validation carved = holdout.equals("temporal") || holdout.equals("random")
                ? new BlendLearning.Validation(holdout, validation.share(), validation.members(), validation.seed())
                : validation;
        return learned(training, fitter, holdout, tuned, carved, progress);
    }

    /**
     * Fits every strategy on all the training events first (a tuned one searches there, once), then
     * learns the blend over fits on the validation split made with those same settings
     * ({@link OfflineStrategy#fitLike}): the blend is learned over the models it serves, as live,
     * where hybrid learns over the settings cf's last search chose.
     */
    private Fitted learned(List<Event> training, BlendLearning.Fitter fitter, String holdout, boolean tuned,
            BlendLearning.Validation carved, JobContext progress) throws Exception {
        Blend.Catalogue catalogue = catalogue();
        Map<String, Recommender> full = fitOthers(training, null, fitter, progress);
        Map<OfflineStrategy, Recommender> fullBy = new java.util.IdentityHashMap<>();
        others.forEach((name, strategy) -> {
            if (full.containsKey(name)) {
                fullBy.put(strategy, full.get(name));
            }
        });
        BlendLearning.Fitter like = (strategy, events, nested) -> {
            Recommender served = fullBy.get(strategy);
            if (served == null) {
                throw new IllegalStateException("its fit on all the training events failed");
            }
            return strategy.fitLike(served, events, holdout, tuned, nested);
        };
        LearnedBlend learned;
        try {
            learned = BlendLearning.learn(training, others, like, tuned, base, carved, catalogue, features, Map.of(), progress);
        } catch (CancellationException e) {
            throw e;
        } catch (IllegalStateException e) {
            // As live: without a blend learned, the configured one serves.
            LOG.warn("hybrid: {}; blending as configured", e.getMessage());
            Blends blends = Blends.of(new Blend(base, features));
            return fitted(blends, used(full, blends), training, null);
        }
        Blends blends = learned.blends(base, features);
        last = learned;
        return fitted(blends, used(full, blends), training, learned);
    }

    private static Map<String, Recommender> used(Map<String, Recommender> fitted, Blends blends) {
        Map<String, Recommender> used = new LinkedHashMap<>();
        fitted.forEach((name, recommender) -> {
            if (blends.uses(name)) {
                used.put(name, recommender);
            }
        });
        if (used.isEmpty()) {
            throw new IllegalStateException("hybrid: no strategy to combine");
        }
        return used;
    }

    private Fitted fitted(Blends blends, Map<String, Recommender> present, List<Event> training, LearnedBlend learned) {
        Map<String, Integer> history = new HashMap<>();
        training.forEach(event -> history.merge(event.memberId(), 1, Integer::sum));
        return new Fitted(blends, Collections.unmodifiableMap(present), history, catalogue(), learned);
    }

    /** The other strategies fitted on {@code training}: those {@code blends} uses, or every one when it is null. */
    private Map<String, Recommender> fitOthers(List<Event> training, Blends blends, BlendLearning.Fitter fitter, JobContext progress)
            throws Exception {
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, OfflineStrategy> other : others.entrySet()) {
            if (blends != null && !blends.uses(other.getKey())) {
                continue;
            }
            progress.checkCancelled();
            progress.message("hybrid: fitting " + other.getKey());
            try {
                fitted.put(other.getKey(), fitter.fit(other.getValue(), training, progress));
            } catch (CancellationException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                // As live: a strategy that fails is left out, the others still answer.
                LOG.warn("hybrid: fitting {} failed, left out: {}", other.getKey(), e.toString());
                failed.add(other.getKey());
            }
        }
        if (fitted.isEmpty()) {
            throw new IllegalStateException("hybrid: no strategy to combine" + (failed.isEmpty() ? "" : ", failed: " + failed));
        }
        return fitted;
    }

    private Blend.Catalogue catalogue() {
        return store == null ? null : new StoreCatalogue(store);
    }

    /** Items read from the store once each: the catalogue does not change during an evaluation. */
    static final class StoreCatalogue implements Blend.Catalogue {

        private final Store store;
        private final Map<String, Item> read = new ConcurrentHashMap<>();

        StoreCatalogue(Store store) {
            this.store = store;
        }

        @Override
        public Map<String, Item> items(Collection<String> ids) {
            List<String> missing = ids.stream().filter(id -> !read.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                read.putAll(HybridStrategy.items(store, missing));
            }
            Map<String, Item> found = new HashMap<>();
            for (String id : ids) {
                Item item = read.get(id);
                if (item != null) {
                    found.put(id, item);
                }
            }
            return found;
        }
    }
}
