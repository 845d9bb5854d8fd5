package org.affinity.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorIndex;
import org.affinity.reco.content.internal.ContentStrategy;
import org.affinity.reco.testkit.Configs;
import org.affinity.store.jdbc.internal.JdbcStore;

/**
 * The recommendation strategies and the router as the runtime serves them, outside OSGi: the DS
 * components themselves (popularity and trending on their index, cf training as its job, content
 * on the {@code items} vectors, hybrid over the others), bound by hand in the order DS would bind
 * them. Built step by step so benchmarks can time each step; {@link #close()} stops them.
 */
final class ServedStrategies implements AutoCloseable {

    private final JdbcStore store;
    private final Object jobs;
    private final Map<String, Recommender> strategies = new LinkedHashMap<>();
    private Object popularityIndex;
    private Recommendations router;

    ServedStrategies(JdbcStore store) throws Exception {
        this.store = store;
        this.jobs = construct("org.affinity.jobs.internal.JobRunner", Configs.defaults(type("org.affinity.jobs.internal.JobsConfig")));
    }

    JdbcStore store() {
        return store;
    }

    Jobs jobs() {
        return (Jobs) jobs;
    }

    /** popularity and trending: counts every purchase of the store, then listens. */
    void popularity() throws Exception {
        popularityIndex = construct("org.affinity.reco.popularity.internal.PopularityIndex", store,
                Configs.defaults(type("org.affinity.reco.popularity.internal.PopularityConfig")));
        invoke(popularityIndex, "recount", new Class<?>[] {org.affinity.api.job.JobContext.class}, (Object) null);
        store.addListener((StoreListener) popularityIndex);
        strategies.put("popularity", (Recommender) construct("org.affinity.reco.popularity.internal.PopularStrategy", popularityIndex));
        strategies.put("trending", (Recommender) construct("org.affinity.reco.popularity.internal.TrendingStrategy", popularityIndex));
    }

    /**
     * cf as the runtime makes it: the component starts its first training as a job on an empty
     * folder; this waits for the job and returns its report (members, items, events, seconds).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> cf(Path folder, Duration limit) throws Exception {
        Constructor<?> constructor = type("org.affinity.reco.cf.internal.CfStrategy").getDeclaredConstructor(Path.class,
                type("org.affinity.reco.cf.internal.CfConfig"), Store.class, Jobs.class);
        constructor.setAccessible(true);
        Recommender cf = (Recommender) constructor.newInstance(folder, Configs.defaults(type("org.affinity.reco.cf.internal.CfConfig")),
                store, jobs);
        strategies.put("cf", cf);
        Job training = (Job) invoke(cf, "train", new Class<?>[] {String.class}, "benchmark");
        JobStatus status = training.await(limit);
        if (!status.state().finished()) {
            training.cancel();
            throw new IllegalStateException("cf did not train within " + limit.toMinutes() + " minutes: " + status.progressLine());
        }
        if (status.error() != null) {
            throw new IllegalStateException("cf training failed: " + status.error());
        }
        return (Map<String, Object>) status.result();
    }

    /**
     * content on the {@code items} collection of {@code index}; it fills the catalogue's neighbour
     * lists in the background after its first request, and this waits for that (the steady state a
     * running platform serves), up to the number it remembers. Returns the neighbour lists remembered.
     */
    int content(VectorIndex index, String probeMember, long items, Duration limit) throws Exception {
        Recommender content = ContentStrategy.withDefaults(store, index);
        strategies.put("content", content);
        // It remembers at most neighbourCacheItems lists: a larger catalogue never fills them all.
        Object config = Configs.defaults(type("org.affinity.reco.content.internal.ContentConfig"));
        long expected = Math.min(items, ((Number) invoke(config, "neighbourCacheItems", new Class<?>[0])).longValue());
        long start = System.nanoTime();
        content.recommend(RecommendationRequest.forMember(probeMember, 10));
        Field field = content.getClass().getDeclaredField("neighbours");
        field.setAccessible(true);
        int size = 0;
        while (size < expected && System.nanoTime() - start < limit.toNanos()) {
            Thread.sleep(200);
            size = (int) invoke(field.get(content), "size", new Class<?>[0]);
        }
        return size;
    }

    /**
     * hybrid over every strategy made so far, and the router over them all. With {@code learn} hybrid
     * first learns its blend as its job, as the runtime does once the strategies are trained (so the
     * rows measure the learned blend, warm and cold, as served); a failed learning is printed and
     * hybrid serves its configured weights, as live.
     */
    Recommendations router(boolean learn, Duration limit) throws Exception {
        Recommender hybrid = (Recommender) construct("org.affinity.reco.hybrid.internal.HybridStrategy",
                Configs.defaults(type("org.affinity.reco.hybrid.internal.HybridConfig")));
        set(hybrid, "store", store);
        set(hybrid, "jobs", jobs);
        List<Map.Entry<Map<String, Object>, Recommender>> bound = new ArrayList<>();
        List<Map.Entry<Map<String, Object>, OfflineStrategy>> offline = new ArrayList<>();
        strategies.forEach((name, strategy) -> {
            bound.add(Map.entry(Map.of(Recommender.STRATEGY, name), strategy));
            if (strategy instanceof OfflineStrategy fittable) {
                offline.add(Map.entry(Map.of(Recommender.STRATEGY, name), fittable));
            }
        });
        set(hybrid, "strategies", bound);
        set(hybrid, "offline", offline);
        strategies.put("hybrid", hybrid);
        if (learn) {
            long start = System.nanoTime();
            Job learning = (Job) invoke(hybrid, "train", new Class<?>[] {String.class}, "benchmark");
            JobStatus status = learning.await(limit);
            if (!status.state().finished()) {
                learning.cancel();
            }
            System.out.printf("hybrid: %s in %.0f s: %s%n", status.error() == null && status.state().finished() ? "blend learned"
                    : "learning failed, configured weights serve", (System.nanoTime() - start) / 1e9,
                    status.error() == null ? status.message() : status.error());
        }
        router = (Recommendations) construct("org.affinity.reco.internal.RecommendationsService", store,
                Configs.defaults(type("org.affinity.reco.internal.RecoConfig")));
        long id = 1;
        for (Map.Entry<String, Recommender> strategy : strategies.entrySet()) {
            invoke(router, "addStrategy", new Class<?>[] {Recommender.class, Map.class}, strategy.getValue(),
                    Map.of(Recommender.STRATEGY, strategy.getKey(), "service.id", id++));
        }
        return router;
    }

    /** The strategies by name, in the order they were made. */
    Map<String, Recommender> strategies() {
        return strategies;
    }

    @Override
    public void close() throws Exception {
        if (router != null) {
            invoke(router, "deactivate", new Class<?>[0]);
        }
        for (String name : List.of("cf", "content")) {
            if (strategies.containsKey(name)) {
                invoke(strategies.get(name), "deactivate", new Class<?>[0]);
            }
        }
        if (popularityIndex != null) {
            store.removeListener((StoreListener) popularityIndex);
        }
        invoke(jobs, "deactivate", new Class<?>[0]);
    }

    static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name);
    }

    /** Calls the constructor (public or not: tests' constructors are package-private) that takes these arguments. */
    static Object construct(String name, Object... args) throws Exception {
        for (Constructor<?> constructor : type(name).getDeclaredConstructors()) {
            if (accepts(constructor.getParameterTypes(), args)) {
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            }
        }
        throw new IllegalStateException("no constructor for " + args.length + " such arguments in " + name);
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            if (args[i] != null && !types[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    static Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = declared(target.getClass(), method, types);
        m.setAccessible(true);
        return m.invoke(target, args);
    }

    private static Method declared(Class<?> type, String method, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(method, types);
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + method);
    }

    static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
