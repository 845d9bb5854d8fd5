package org.affinity.reco.content.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "content" strategy. Tastes come from the member's history in the store (and a profile vector
 * from the "members" collection when the member has no item events); the tastes of recently served
 * members are remembered and dropped when their events change or they are erased (a StoreListener).
 */
@Component(service = {Recommender.class, OfflineStrategy.class, StoreListener.class},
        property = Recommender.STRATEGY + "=content", configurationPid = "org.affinity.reco.content")
@Designate(ocd = ContentConfig.class)
public class ContentStrategy implements Recommender, OfflineStrategy, StoreListener {

    static final String ITEMS = "items";
    static final String MEMBERS = "members";

    private static final Logger LOG = LoggerFactory.getLogger(ContentStrategy.class);
    private static final long RECOUNT_MINUTES = 10;

    private final Store store;
    private final VectorIndex index;
    private volatile ContentConfig config;
    private volatile NeighbourCache neighbours;
    private final RecentTastes tastes = new RecentTastes(10_000);
    /**
     * Purchases per item for the popularity prior, counted from the store in the background every
     * ten minutes and then only read (requests look thousands of items up in it). An aggregate that
     * names no member; an erased member's purchases leave the counts at the next count.
     */
    volatile PurchaseCounts purchases = new PurchaseCounts();
    private volatile Priors priors;
    private final ScheduledExecutorService counting = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-content-counts");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public ContentStrategy(ContentConfig config, @Reference Store store, @Reference VectorIndex index) {
        this.store = store;
        this.index = index;
        this.config = config;
        this.neighbours = cache(config);
        counting.scheduleWithFixedDelay(this::recount, 0, RECOUNT_MINUTES, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        counting.shutdownNow();
    }

    /** Counts every purchase in the store (an erased member's are gone from it). */
    void recount() {
        try {
            PurchaseCounts counted = new PurchaseCounts(trendHalfLife(config));
            store.scanEvents(counted::add);
            purchases = counted;
        } catch (RuntimeException e) {
            LOG.warn("counting purchases for the content strategy failed: {}", e.toString());
        }
    }

    /** With the default configuration (benchmarks, outside OSGi). */
    public static ContentStrategy withDefaults(Store store, VectorIndex index) {
        return with(Map.of(), store, index);
    }

    /** With some settings changed (benchmarks, outside OSGi), e.g. {"popularityPrior": 0.5}. */
    public static ContentStrategy with(Map<String, Object> settings, Store store, VectorIndex index) {
        ContentConfig config = (ContentConfig) java.lang.reflect.Proxy.newProxyInstance(ContentConfig.class.getClassLoader(),
                new Class<?>[] {ContentConfig.class}, (proxy, method, args) -> {
                    Object value = settings.getOrDefault(method.getName(), method.getDefaultValue());
                    if (value instanceof Number && method.getReturnType() == int.class) {
                        return ((Number) value).intValue();
                    }
                    return value instanceof Number && method.getReturnType() == double.class ? ((Number) value).doubleValue() : value;
                });
        return new ContentStrategy(config, store, index);
    }

    @Modified
    void modified(ContentConfig changed) {
        boolean recount = changed.trendHalfLifeDays() != config.trendHalfLifeDays();
        if (changed.neighbourCacheItems() != config.neighbourCacheItems()
                || changed.neighbourCacheMinutes() != config.neighbourCacheMinutes()) {
            neighbours = cache(changed);
        }
        config = changed;
        if (recount) {
            counting.execute(this::recount);
        }
    }

    static Duration trendHalfLife(ContentConfig config) {
        return Duration.ofSeconds(Math.round(Math.max(0, config.trendHalfLifeDays()) * 86_400));
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        Optional<VectorCollection> items = index.existing(ITEMS);
        if (items.isEmpty() || items.get().size() == 0) {
            return List.of();
        }
        String generation = items.get().modelId() + "/" + items.get().size();
        NeighbourCache cache = neighbours;
        boolean fresh = cache.switchTo(generation);
        NumberedVectors vectors = cache.over(ItemVectors.of(items.get()), generation);
        if (fresh) {
            warmSoon(cache, vectors);
        }
        ContentRecommendations recommendations = recommendations(vectors);
        ContentRecommendations.Catalogue catalogue = this::items;
        if (request.itemId() != null) {
            return recommendations.similar(request.itemId(), request.count(), request.filters(), catalogue);
        }
        if (request.memberId() == null) {
            return List.of();
        }
        ContentConfig now = config;
        RecentTastes.Remembered remembered = tastes.of(request.memberId(), store.events(request.memberId()), now.recentItems(),
                now.halfLife());
        Taste taste = remembered.taste();
        Set<String> bought = remembered.bought();
        if (!taste.isEmpty()) {
            return recommendations.forMember(taste, bought, request.count(), request.filters(), catalogue);
        }
        return profile(request.memberId(), items.get())
                .map(vector -> recommendations.forProfile(vector, bought, request.count(), request.filters(), catalogue))
                .orElse(List.of());
    }

    @Override
    public void eventsAppended(List<Event> events) {
        events.forEach(event -> tastes.forget(event.memberId()));
    }

    @Override
    public void memberErased(String memberId) {
        tastes.forget(memberId);
    }

    /** Whether a member's taste is remembered (tests of the erase contract). */
    boolean remembers(String memberId) {
        return tastes.holds(memberId);
    }

    /** The member's vector in the "members" collection when it was made by the items' model. */
    private Optional<float[]> profile(String memberId, VectorCollection items) {
        return index.existing(MEMBERS).filter(m -> m.modelId().equals(items.modelId()) && m.dimension() == items.dimension())
                .flatMap(m -> m.get(memberId)).map(entry -> entry.vector());
    }

    /** Fills the whole catalogue's neighbour lists in the background (the cache just started on a new generation). */
    private void warmSoon(NeighbourCache cache, ItemVectors vectors) {
        int k = config.neighboursPerItem();
        counting.execute(() -> {
            try {
                List<String> ids = new ArrayList<>();
                store.scanItems(item -> ids.add(item.id()));
                long start = System.nanoTime();
                int searched = cache.warm(vectors, ids, k);
                LOG.info("content: neighbour lists of {} items remembered in {} ms", searched, (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("content: could not remember the neighbour lists ahead: {}", e.toString());
            }
        });
    }

    private static NeighbourCache cache(ContentConfig config) {
        return new NeighbourCache(config.neighbourCacheItems(), config.neighbourCacheMinutes() * 60_000L);
    }

    private ContentRecommendations recommendations(NumberedVectors vectors) {
        ContentConfig now = config;
        return new ContentRecommendations(vectors, ContentRecommendations.Aggregation.valueOf(now.aggregation()),
                now.neighboursPerItem(), priors(vectors.numbers(), purchases, now.popularityPrior()));
    }

    /** The priors for this numbering, count and exponent: the last ones while those stay (ten minutes). */
    private Priors priors(ItemNumbers numbers, PurchaseCounts counts, double exponent) {
        if (exponent <= 0) {
            return null;
        }
        Priors last = priors;
        if (last == null || !last.fits(numbers, counts, exponent)) {
            last = new Priors(numbers, counts, exponent);
            priors = last;
        }
        return last;
    }

    private Map<String, Item> items(Set<String> ids) {
        Map<String, Item> found = new HashMap<>();
        store.items(ids).forEach(item -> found.put(item.id(), item));
        return found;
    }

    static Set<String> bought(List<Event> events) {
        Set<String> bought = new HashSet<>();
        events.stream().filter(e -> e.type() == EventType.PURCHASE && e.itemId() != null).forEach(e -> bought.add(e.itemId()));
        return bought;
    }

    /** Offline: tastes from the training events only; item vectors are content, not behaviour, so the live ones serve. */
    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        VectorCollection items = index.existing(ITEMS).filter(c -> c.size() > 0)
                .orElseThrow(() -> new IllegalStateException("the \"items\" vector collection is empty"));
        Map<String, Item> catalogue = new HashMap<>();
        store.scanItems(item -> catalogue.put(item.id(), item));
        // The item vectors do not change during an evaluation: every list is kept for the whole run.
        NeighbourCache lists = new NeighbourCache(Math.max(config.neighbourCacheItems(), catalogue.size()), Long.MAX_VALUE);
        NumberedVectors vectors = lists.over(ItemVectors.of(items), "offline");
        progress.message("content: remembering the neighbour lists of " + catalogue.size() + " items");
        lists.warm(vectors, catalogue.keySet(), config.neighboursPerItem());
        return offline(training, vectors, ids -> snapshot(catalogue, ids), config);
    }

    /** Offline the catalogue is read once: the evaluation asks for items thousands of times. */
    private static Map<String, Item> snapshot(Map<String, Item> catalogue, Set<String> ids) {
        Map<String, Item> found = new HashMap<>();
        for (String id : ids) {
            Item item = catalogue.get(id);
            if (item != null) {
                found.put(id, item);
            }
        }
        return found;
    }

    static Recommender offline(List<Event> training, NumberedVectors vectors, ContentRecommendations.Catalogue catalogue,
            ContentConfig config) {
        Map<String, List<Event>> byMember = new HashMap<>();
        training.forEach(e -> byMember.computeIfAbsent(e.memberId(), m -> new ArrayList<>()).add(e));
        PurchaseCounts buyers = new PurchaseCounts(trendHalfLife(config));
        buyers.add(training);
        ContentRecommendations recommendations = new ContentRecommendations(vectors,
                ContentRecommendations.Aggregation.valueOf(config.aggregation()), config.neighboursPerItem(),
                config.popularityPrior() > 0 ? new Priors(vectors.numbers(), buyers, config.popularityPrior()) : null);
        return request -> {
            if (request.itemId() != null) {
                return recommendations.similar(request.itemId(), request.count(), request.filters(), catalogue);
            }
            List<Event> events = byMember.getOrDefault(request.memberId(), List.of());
            return recommendations.forMember(Taste.of(events, config.recentItems(), config.halfLife()), bought(events),
                    request.count(), request.filters(), catalogue);
        };
    }
}
