package org.affinity.reco.content.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * <p>
 * It takes traffic only once warm: the {@link Recommender} service is registered when the purchase
 * counts are made and the neighbour lists are read from the file the last stop saved (or filled at a
 * bounded share of the CPU), not when the component activates. Registered by DS at once, a started or
 * updated bundle answered its first seconds of requests with one graph search per taste item while
 * filling its lists beside them: p99 went from ~100 ms to over 500 ms on 2 cores. Meanwhile the router
 * and hybrid serve without it, as when it is stopped.
 */
@Component(service = {OfflineStrategy.class, StoreListener.class},
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
    /**
     * Counting, filling and refreshing, one task at a time. Stopped with shutdown(), never
     * shutdownNow(): an interrupt inside a store read closes H2's file channel, and with it the
     * database for every caller (seen: stopping this bundle under load while it counted killed the
     * store). A task in progress finishes; queued ones are dropped and the warm-up checks the flag.
     */
    private final ScheduledThreadPoolExecutor counting = background();
    /** Where the neighbour lists are kept between a stop and the next start; null outside OSGi. */
    private final Path listsFile;
    private volatile ServiceRegistration<Recommender> registration;
    /** Set once the lists were read or filled: only then is what this instance holds worth saving. */
    private volatile boolean warm;

    @Activate
    public ContentStrategy(BundleContext context, ContentConfig config, @Reference Store store, @Reference VectorIndex index) {
        this(config, store, index, dataFolder(context).resolve("reco-content").resolve("neighbours.bin"));
        counting.execute(() -> warmUpAndRegister(context));
    }

    /** Outside OSGi (benchmarks, tests): serves at once, its lists filled after the first request. */
    ContentStrategy(ContentConfig config, Store store, VectorIndex index) {
        this(config, store, index, null);
        counting.execute(this::recount);
    }

    private ContentStrategy(ContentConfig config, Store store, VectorIndex index, Path listsFile) {
        this.store = store;
        this.index = index;
        this.config = config;
        this.neighbours = cache(config);
        this.listsFile = listsFile;
        counting.scheduleWithFixedDelay(this::recount, RECOUNT_MINUTES, RECOUNT_MINUTES, TimeUnit.MINUTES);
        counting.scheduleWithFixedDelay(this::refreshOldLists, 1, 1, TimeUnit.MINUTES);
    }

    private static ScheduledThreadPoolExecutor background() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "affinity-content-counts");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data);
    }

    /** Counts, takes the saved lists (or fills them), then registers the Recommender service. */
    private void warmUpAndRegister(BundleContext context) {
        long start = System.nanoTime();
        Optional<PurchaseCounts> saved = Optional.empty();
        try {
            saved = PurchaseCounts.read(countsFile(), trendHalfLife(config));
        } catch (IOException | RuntimeException e) {
            LOG.warn("content: the saved purchase counts could not be read, counting again: {}", e.toString());
        }
        if (saved.isPresent()) {
            // Counted when the strategy last stopped; counted afresh a minute after it takes requests
            // (a scan of every event competes with them for the CPU).
            purchases = saved.get();
            counting.schedule(this::recount, 1, TimeUnit.MINUTES);
        } else {
            recount();
        }
        Optional<VectorCollection> items = index.existing(ITEMS).filter(c -> c.size() > 0);
        if (items.isPresent()) {
            String generation = generation(items.get());
            NeighbourCache cache = neighbours;
            ItemVectors vectors = ItemVectors.of(items.get());
            List<String> ids = bestSellersFirst();
            int loaded = 0;
            try {
                loaded = cache.load(listsFile, generation);
            } catch (IOException | RuntimeException e) {
                LOG.warn("content: the saved neighbour lists in {} could not be read, filling them again: {}", listsFile, e.toString());
            }
            if (loaded > 0) {
                cache.readVectors(vectors, ids);
                LOG.info("content: {} neighbour lists read from {}", loaded, listsFile);
            } else {
                cache.switchTo(generation);
                int searched = cache.warm(cache.over(vectors, generation), ids, config.neighboursPerItem(), pace());
                LOG.info("content: neighbour lists of {} items filled before taking requests", searched);
            }
        }
        if (counting.isShutdown()) {
            return;
        }
        warm = true;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Recommender.STRATEGY, "content");
        synchronized (this) {
            if (!counting.isShutdown()) {
                registration = context.registerService(Recommender.class, this, properties);
            }
        }
        LOG.info("content: taking requests, warm after {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            counting.shutdown();
            ServiceRegistration<Recommender> registered = registration;
            registration = null;
            if (registered != null) {
                try {
                    registered.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
        // Before it was warm it holds less than the files (an update during the warm-up): keep them.
        if (listsFile != null && warm) {
            try {
                long start = System.nanoTime();
                int saved = neighbours.save(listsFile);
                if (purchases.latest() != null) {
                    purchases.save(countsFile());
                }
                LOG.info("content: {} neighbour lists saved for the next start in {} ms", saved, (System.nanoTime() - start) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.warn("content: could not save the neighbour lists to {}: {}", listsFile, e.toString());
            }
        }
    }

    /** The configured share; stops the work when the strategy stops. */
    private Path countsFile() {
        return listsFile.resolveSibling("purchases.bin");
    }

    private Pace pace() {
        return new Pace(Math.max(0.05, Math.min(1, config.backgroundShare())), counting::isShutdown);
    }

    /** Searches again the lists that came of age, in the background at the bounded share. */
    private void refreshOldLists() {
        try {
            Optional<VectorCollection> items = index.existing(ITEMS).filter(c -> c.size() > 0);
            if (items.isPresent()) {
                neighbours.refresh(ItemVectors.of(items.get()), pace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("content: refreshing old neighbour lists failed: {}", e.toString());
        }
    }

    private static String generation(VectorCollection items) {
        return items.modelId() + "/" + items.size();
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
        String generation = generation(items.get());
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

    /** Whether the neighbour list of this item is remembered (tests of what is filled first). */
    boolean remembersListOf(String itemId) {
        return neighbours.holds(itemId);
    }

    int rememberedLists() {
        return neighbours.size();
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
                List<String> ids = bestSellersFirst();
                long start = System.nanoTime();
                int searched = cache.warm(vectors, ids, k, pace());
                LOG.info("content: neighbour lists of {} items remembered in {} ms", searched, (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("content: could not remember the neighbour lists ahead: {}", e.toString());
            }
        });
    }

    /**
     * The catalogue's ids, most bought first: when it is larger than the cache, filling stops at the
     * items members' tastes hold most (at 10x the demo, 12,466 items against a cache of 5,000 filled
     * in scan order left most taste items to a graph search per request: p50 89 ms).
     */
    private List<String> bestSellersFirst() {
        List<String> ids = new ArrayList<>();
        store.scanItems(item -> ids.add(item.id()));
        PurchaseCounts counts = purchases;
        Map<String, Double> bought = new HashMap<>(ids.size() * 2);
        ids.forEach(id -> bought.put(id, counts.count(id)));
        ids.sort(Comparator.comparing((String id) -> bought.get(id)).reversed());
        return ids;
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
