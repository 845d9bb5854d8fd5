package org.affinity.reco.hybrid.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.hybrid.internal.Fusion.Ranked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How hybrid turns the answers of other strategies into one list under one configuration: fusion
 * (rrf, weighted) or switching, then diversification. Shared by the live strategy and its offline
 * fit, so the evaluation measures exactly what is served.
 */
final class Blend {

    /** Titles and categories of items, for diversification. */
    interface Catalogue {
        Map<String, Item> items(Collection<String> ids);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Blend.class);

    private final BlendSettings config;
    private final ItemFeatures features;

    Blend(HybridConfig config) {
        this(BlendSettings.of(config));
    }

    Blend(BlendSettings config) {
        this(config, new ItemFeatures(50_000, 1_000_000));
    }

    /** @param features title features, shared by blends that serve the same catalogue */
    Blend(BlendSettings config, ItemFeatures features) {
        this.config = config;
        this.features = features;
    }

    BlendSettings settings() {
        return config;
    }

    ItemFeatures features() {
        return features;
    }

    /** Whether the strategy named can contribute under this configuration (offline fits only those). */
    boolean uses(String strategy) {
        if (config.mode().equals(BlendSettings.SWITCHING)) {
            return config.coldStrategies().contains(strategy) || config.warmStrategies().contains(strategy);
        }
        return weight(strategy) > 0;
    }

    private double weight(String strategy) {
        return config.weight(strategy);
    }

    /**
     * @param present the strategies to combine, by name
     * @param history how many events a member has (switching only)
     * @param catalogue item data for diversification, or null to keep the fused order
     */
    List<Recommendation> recommend(RecommendationRequest request, Map<String, Recommender> present, ToIntFunction<String> history,
            Catalogue catalogue) {
        return recommend(request, present, history, catalogue, null);
    }

    /** @param parallel runs the strategies' calls side by side (the caller runs the first), or null: one after another */
    List<Recommendation> recommend(RecommendationRequest request, Map<String, Recommender> present, ToIntFunction<String> history,
            Catalogue catalogue, Executor parallel) {
        int ask = request.count() * Math.max(1, config.candidateFactor());
        List<Recommendation> fused = switch (config.mode()) {
            case "switching" -> switching(request, present, history, ask);
            case "weighted" -> Fusion.weighted(ask(request, present, ask, parallel));
            default -> Fusion.rrf(ask(request, present, ask, parallel), config.rrfK());
        };
        // A category filter or an anchor item asks for sameness: no category cap then.
        boolean capCategories = request.filters().categories().isEmpty() && request.itemId() == null;
        return diversify(fused, request.count(), catalogue, capCategories);
    }

    /**
     * Every used strategy's answer, in the order the strategies are present. Side by side when an
     * executor is given: hybrid's latency is then its slowest strategy's, not the sum of all. The
     * calling thread asks the first strategy itself, then takes back every ask no pool thread has
     * started (other requests may hold the pool) and only waits for those already running: under
     * load a request costs at most its strategies one after another, never a wait in the pool's queue.
     */
    private List<Ranked> ask(RecommendationRequest request, Map<String, Recommender> present, int ask, Executor parallel) {
        List<String> names = new ArrayList<>();
        present.keySet().forEach(name -> {
            if (weight(name) > 0) {
                names.add(name);
            }
        });
        List<Ask> later = new ArrayList<>();
        for (int i = 1; i < names.size() && parallel != null; i++) {
            String name = names.get(i);
            Ask call = new Ask(() -> call(name, present.get(name), request, ask));
            later.add(call);
            try {
                parallel.execute(call);
            } catch (RejectedExecutionException e) {
                // Stopping: this thread runs it below.
            }
        }
        List<List<Recommendation>> answers = new ArrayList<>(names.size());
        for (int i = 0; i < names.size() && (i == 0 || parallel == null); i++) {
            answers.add(call(names.get(i), present.get(names.get(i)), request, ask));
        }
        // From the back: the pool takes its queue from the front, so the two rarely reach for the same ask.
        for (int i = later.size() - 1; i >= 0; i--) {
            later.get(i).runHereIfNotStarted();
        }
        later.forEach(call -> answers.add(call.answer()));
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!answers.get(i).isEmpty()) {
                ranked.add(new Ranked(names.get(i), weight(names.get(i)), answers.get(i)));
            }
        }
        return ranked;
    }

    /** One strategy's call, run once by whichever thread claims it first: a pool thread or the request's own. */
    private static final class Ask implements Runnable {

        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Supplier<List<Recommendation>> work;
        private final CompletableFuture<List<Recommendation>> answer = new CompletableFuture<>();

        Ask(Supplier<List<Recommendation>> work) {
            this.work = work;
        }

        /** On a pool thread: a no-op when the request's thread has taken the call back. */
        @Override
        public void run() {
            runHereIfNotStarted();
        }

        void runHereIfNotStarted() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    answer.complete(work.get());
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }
        }

        List<Recommendation> answer() {
            return answer.join();
        }
    }

    private List<Recommendation> switching(RecommendationRequest request, Map<String, Recommender> present,
            ToIntFunction<String> history, int ask) {
        boolean cold = request.memberId() == null || history.applyAsInt(request.memberId()) < config.coldHistory();
        for (String name : cold ? config.coldStrategies() : config.warmStrategies()) {
            Recommender recommender = present.get(name);
            if (recommender != null) {
                List<Recommendation> items = call(name, recommender, request, ask);
                if (!items.isEmpty()) {
                    return items;
                }
            }
        }
        return List.of();
    }

    private static List<Recommendation> call(String name, Recommender recommender, RecommendationRequest request, int ask) {
        try {
            List<Recommendation> items = recommender.recommend(new RecommendationRequest(request.memberId(), request.itemId(), ask,
                    request.filters(), request.context(), name));
            return items == null ? List.of() : items;
        } catch (Exception | LinkageError e) {
            LOG.debug("hybrid: strategy {} failed, left out: {}", name, e.toString());
            return List.of();
        }
    }

    private List<Recommendation> diversify(List<Recommendation> fused, int count, Catalogue catalogue, boolean capCategories) {
        int cap = capCategories ? config.maxPerCategory() : 0;
        if (catalogue == null || (config.mmrLambda() >= 1 && cap <= 0)) {
            return fused.subList(0, Math.min(count, fused.size()));
        }
        List<Recommendation> pool = fused.subList(0, Math.min(fused.size(), Math.max(count, Math.min(count, Diversifier.WINDOW) * 3)));
        Map<String, Item> items = catalogue.items(pool.stream().map(Recommendation::itemId).toList());
        return Diversifier.diversify(pool, items, count, config.mmrLambda(), cap, features.numbering()::of);
    }
}
