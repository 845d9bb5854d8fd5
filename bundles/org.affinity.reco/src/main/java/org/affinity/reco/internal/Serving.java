package org.affinity.reco.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the chain (chosen strategy, the fallbacks, popularity last) until the request is filled:
 * a missing strategy is skipped, a failing one is caught (a bundle stopped, updated or uninstalled
 * mid-call fails with anything from an exception to a NoClassDefFoundError), one that returns too
 * few items is topped up by the next, and one that does not answer in time is left behind (see
 * {@link StrategyCalls}). Every result passes the exclusions and filters.
 */
final class Serving {

    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);
    static final String LAST_RESORT = "popularity";
    private static final int MAX_ASK = 2000;

    record Outcome(List<Recommendation> items, String strategy, List<String> fallbacks) {
    }

    /** How long one strategy call may take, and how many abandoned calls make a strategy skipped. */
    record Patience(long timeoutMillis, int abandonedLimit) {
        static final Patience UNLIMITED = new Patience(0, Integer.MAX_VALUE);
    }

    /** How many of the last resort's best sellers are remembered, and how often they are asked again. */
    static final int REMEMBERED = 500;
    static final long REMEMBER_EVERY_NANOS = 60_000_000_000L;

    private final Strategies strategies;
    private final Store store;
    private final StrategyCalls calls;
    /**
     * The last resort's shop-wide best sellers, asked at most once a minute while it is present: while
     * its bundle is stopped or updated they fill what the chain leaves empty, so a swap of popularity
     * does not shorten anyone's list (country rankings wait for its return).
     */
    private volatile List<Recommendation> remembered = List.of();
    private final AtomicLong rememberedAt = new AtomicLong(System.nanoTime() - 2 * REMEMBER_EVERY_NANOS);

    Serving(Strategies strategies, Store store, StrategyCalls calls) {
        this.strategies = strategies;
        this.store = store;
        this.calls = calls;
    }

    static List<String> chain(String first, List<String> fallback) {
        Set<String> chain = new LinkedHashSet<>();
        chain.add(first);
        chain.addAll(fallback);
        chain.add(LAST_RESORT);
        return new ArrayList<>(chain);
    }

    Outcome serve(RecommendationRequest request, List<String> chain, Exclusions exclusions, int overfetch, Patience patience) {
        Map<String, Recommendation> chosen = new LinkedHashMap<>();
        List<String> fallbacks = new ArrayList<>();
        String servedBy = null;
        int firstAsk = Math.max(request.count(), request.count() * Math.max(1, overfetch));
        if (System.nanoTime() - rememberedAt.get() >= REMEMBER_EVERY_NANOS) {
            strategies.get(LAST_RESORT).ifPresent(this::remember);
        }
        for (String name : chain) {
            if (chosen.size() >= request.count()) {
                break;
            }
            Optional<Recommender> recommender = strategies.get(name);
            if (recommender.isEmpty()) {
                if (!name.equals(LAST_RESORT) || remembered.isEmpty()) {
                    fallbacks.add(name + ": not present");
                    continue;
                }
                int filled = fillFromRemembered(request, exclusions, chosen);
                fallbacks.add(name + ": not present, " + filled + " items from its remembered best sellers");
                if (filled > 0 && servedBy == null) {
                    servedBy = name;
                }
                continue;
            }
            int before = chosen.size();
            try {
                // Ask for a few more than needed; only when filtering ate them, ask again for more.
                for (int ask = firstAsk;; ask = Math.min(MAX_ASK, ask * 4)) {
                    List<Recommendation> proposed = calls.call(name, recommender.get(), new RecommendationRequest(request.memberId(),
                            request.itemId(), ask, request.filters(), request.context(), name), patience.timeoutMillis(),
                            patience.abandonedLimit());
                    if (proposed != null) {
                        admit(request, proposed, exclusions, name, chosen);
                    }
                    if (chosen.size() >= request.count() || proposed == null || proposed.size() < ask || ask >= MAX_ASK) {
                        break;
                    }
                }
            } catch (StrategyCalls.Late e) {
                LOG.warn("strategy {} {}, falling back", name, e.getMessage());
                fallbacks.add(name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fallbacks.add(name + ": interrupted");
                break;
            } catch (Exception | LinkageError e) {
                LOG.warn("strategy {} failed, falling back: {}", name, e.toString());
                fallbacks.add(name + ": failed: " + e);
            }
            if (chosen.size() < request.count() && name.equals(LAST_RESORT) && !remembered.isEmpty()) {
                // The last resort is there but starting, stopping or failing (a bundle update): its remembered best sellers fill in.
                fallbacks.add(name + ": " + fillFromRemembered(request, exclusions, chosen) + " items from its remembered best sellers");
            }
            if (chosen.size() > before && servedBy == null) {
                servedBy = name;
            }
            if (chosen.size() < request.count()) {
                fallbacks.add(name + ": " + (chosen.size() - before) + " of " + (request.count() - before) + " items");
            }
        }
        return new Outcome(new ArrayList<>(chosen.values()), servedBy == null ? chain.get(0) : servedBy, fallbacks);
    }

    /** Admits the last resort's remembered best sellers; returns how many were admitted. */
    private int fillFromRemembered(RecommendationRequest request, Exclusions exclusions, Map<String, Recommendation> chosen) {
        int before = chosen.size();
        admit(request, remembered, exclusions, LAST_RESORT, chosen);
        return chosen.size() - before;
    }

    /** Asks the last resort for its shop-wide best sellers when the remembered ones are a minute old (one caller at a time). */
    private void remember(Recommender lastResort) {
        long at = rememberedAt.get();
        long now = System.nanoTime();
        if (now - at < REMEMBER_EVERY_NANOS || !rememberedAt.compareAndSet(at, now)) {
            return;
        }
        try {
            List<Recommendation> best = lastResort.recommend(new RecommendationRequest(null, null, REMEMBERED,
                    new Filters(null, null, null, false, null, false), Map.of(), LAST_RESORT));
            if (best != null && !best.isEmpty()) {
                remembered = List.copyOf(best);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not remember the best sellers of {}: {}", LAST_RESORT, e.toString());
        }
    }

    private void admit(RecommendationRequest request, List<Recommendation> proposed, Exclusions exclusions, String strategy,
            Map<String, Recommendation> chosen) {
        List<String> ids = new ArrayList<>(proposed.size());
        for (Recommendation recommendation : proposed) {
            if (recommendation != null && recommendation.itemId() != null && !chosen.containsKey(recommendation.itemId())
                    && !exclusions.excludesId(recommendation.itemId())) {
                ids.add(recommendation.itemId());
            }
        }
        Map<String, Item> items = new java.util.HashMap<>();
        for (Item item : store.items(ids)) {
            items.put(item.id(), item);
        }
        for (Recommendation recommendation : proposed) {
            if (chosen.size() >= request.count()) {
                return;
            }
            Item item = recommendation == null ? null : items.get(recommendation.itemId());
            if (item == null || chosen.containsKey(item.id()) || !exclusions.admits(item, request.filters())) {
                continue;
            }
            String explanation = recommendation.explanation();
            if (explanation == null || explanation.isBlank()) {
                explanation = "recommended by " + strategy;
            }
            chosen.put(item.id(), new Recommendation(item.id(), recommendation.score(), explanation));
        }
    }
}
