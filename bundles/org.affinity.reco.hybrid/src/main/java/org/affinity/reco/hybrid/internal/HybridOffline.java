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
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid for offline evaluation: fits the other offline strategies on the training events and
 * combines the fitted copies with the live {@link Blend}. History lengths (switching) come from the
 * training events. Item titles and categories (diversification) come from the store: they describe
 * the catalogue, not behaviour, so they leak nothing of the test period, and events carry none.
 * Without a store the fused order is kept.
 */
public final class HybridOffline implements OfflineStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(HybridOffline.class);

    private final Blend blend;
    private final Map<String, OfflineStrategy> others;
    private final Store store;

    HybridOffline(Blend blend, Map<String, OfflineStrategy> others, Store store) {
        this.blend = blend;
        this.others = new LinkedHashMap<>(others);
        this.store = store;
    }

    /** Outside OSGi (benchmarks): a configuration and the strategies to fit and combine. */
    public static HybridOffline with(HybridConfig config, Map<String, OfflineStrategy> others, Store store) {
        return new HybridOffline(new Blend(config), others, store);
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) throws Exception {
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, OfflineStrategy> other : others.entrySet()) {
            if (!blend.uses(other.getKey())) {
                continue;
            }
            progress.checkCancelled();
            progress.message("hybrid: fitting " + other.getKey());
            try {
                fitted.put(other.getKey(), other.getValue().fit(training, progress));
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
        Map<String, Integer> history = new HashMap<>();
        training.forEach(event -> history.merge(event.memberId(), 1, Integer::sum));
        Map<String, Recommender> present = Collections.unmodifiableMap(fitted);
        Blend.Catalogue catalogue = store == null ? null : new StoreCatalogue(store);
        return request -> blend.recommend(request, present, member -> history.getOrDefault(member, 0), catalogue);
    }

    /** Items read from the store once each: the catalogue does not change during an evaluation. */
    private static final class StoreCatalogue implements Blend.Catalogue {

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
