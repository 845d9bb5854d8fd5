package org.affinity.reco.hybrid.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Strategy "hybrid". Uses the strategies present at the moment of each request (bound dynamically
 * and greedily, read once per call), so one that disappears simply stops contributing; one that fails
 * mid-call is skipped. As an {@link OfflineStrategy} it combines fitted copies of the other offline
 * strategies the same way, for the evaluation.
 */
@Component(service = {Recommender.class, OfflineStrategy.class}, configurationPid = "org.affinity.reco.hybrid",
        property = Recommender.STRATEGY + "=hybrid")
@Designate(ocd = HybridConfig.class)
public class HybridStrategy implements Recommender, OfflineStrategy {

    @Reference(service = Recommender.class, target = "(&(" + Recommender.STRATEGY + "=*)(!(" + Recommender.STRATEGY + "=hybrid)))",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, Recommender>> strategies = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Store store;

    /** The other strategies that can be fitted offline, for {@link #fit}. */
    @Reference(service = OfflineStrategy.class, target = "(&(" + Recommender.STRATEGY + "=*)(!(" + Recommender.STRATEGY + "=hybrid)))",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, OfflineStrategy>> offline = List.of();

    private volatile Blend blend;
    /**
     * Runs the other strategies' calls side by side; daemon threads, so a hung call never holds the
     * framework up. Package-private for the test that fills it with other work.
     */
    final ExecutorService calls = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            new ThreadFactory() {
                private final AtomicInteger made = new AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "affinity-hybrid-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });

    @Activate
    public HybridStrategy(HybridConfig config) {
        modified(config);
    }

    @Modified
    void modified(HybridConfig newConfig) {
        blend = new Blend(newConfig);
    }

    @Deactivate
    void deactivate() {
        calls.shutdown();
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        Store current = store;
        // Without a store: every member counts as warm, and the fused order is kept.
        ToIntFunction<String> history = member -> current == null ? Integer.MAX_VALUE : current.events(member).size();
        return blend.recommend(request, byName(strategies), history, current == null ? null : ids -> items(current, ids), calls);
    }

    /**
     * Offline: the other offline strategies present now, fitted on the same training events and
     * combined under the current configuration (item data for diversification from the store).
     */
    @Override
    public Recommender fit(List<Event> training, JobContext progress) throws Exception {
        return new HybridOffline(blend, byName(offline), store).fit(training, progress);
    }

    static Map<String, Item> items(Store store, Collection<String> ids) {
        Map<String, Item> items = new HashMap<>();
        for (Item item : store.items(ids)) {
            items.put(item.id(), item);
        }
        return items;
    }

    /** The services bound now, by name; of two with one name the higher ranked (bound later) wins. */
    private static <S> Map<String, S> byName(List<Map.Entry<Map<String, Object>, S>> bound) {
        Map<String, S> byName = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, S> entry : bound) {
            Object name = entry.getKey().get(Recommender.STRATEGY);
            if (name != null) {
                byName.put(name.toString(), entry.getValue());
            }
        }
        return byName;
    }
}
