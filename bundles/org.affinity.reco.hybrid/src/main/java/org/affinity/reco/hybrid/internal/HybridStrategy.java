package org.affinity.reco.hybrid.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.osgi.framework.BundleContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategy "hybrid". Uses the strategies present at the moment of each request (bound dynamically
 * and greedily, read once per call), so one that disappears simply stops contributing; one that fails
 * mid-call is skipped. With {@code learn} on it serves the blend it learned on a validation split of
 * the store's events ({@link BlendLearning}), relearned as a job whenever a strategy it blends
 * retrains (a new model in that strategy's {@link Trainable} status) and on demand; the previous
 * blend serves meanwhile, and the blend is kept in {@code <data>/reco-hybrid/blend.properties} so a
 * restart does not relearn. As an {@link OfflineStrategy} it combines fitted copies of the other
 * offline strategies the same way, for the evaluation.
 */
@Component(service = {Recommender.class, OfflineStrategy.class, Trainable.class}, configurationPid = "org.affinity.reco.hybrid",
        property = Recommender.STRATEGY + "=hybrid")
@Designate(ocd = HybridConfig.class)
public class HybridStrategy implements Recommender, OfflineStrategy, Trainable {

    static final String NAME = "hybrid";
    private static final Logger LOG = LoggerFactory.getLogger(HybridStrategy.class);
    private static final String OTHERS = "(&(" + Recommender.STRATEGY + "=*)(!(" + Recommender.STRATEGY + "=hybrid)))";

    @Reference(service = Recommender.class, target = OTHERS, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, Recommender>> strategies = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Store store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Jobs jobs;

    /** The other strategies that can be fitted offline, for {@link #fit} and for learning the blend. */
    @Reference(service = OfflineStrategy.class, target = OTHERS, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, OfflineStrategy>> offline = List.of();

    /** The models of the strategies that have one: when one changes, the blend is learned again. */
    @Reference(service = Trainable.class, target = OTHERS, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, Trainable>> trainables = List.of();

    private final Path blendFile;
    private final ItemFeatures features = new ItemFeatures(50_000, 1_000_000);
    private volatile HybridConfig config;
    private volatile BlendSettings settings;
    /** What requests use: the learned blends with learn on and a blend learned, else the configured one. */
    private volatile Blends serving;
    private volatile LearnedBlend learned;
    private volatile Job learning;
    private volatile String lastFailure;
    /** The blended models when learning last failed: tried again only once they change (or on demand). */
    private volatile Map<String, String> failedWith;
    private final AtomicLong version = new AtomicLong();
    private final ScheduledExecutorService schedule;
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
    public HybridStrategy(BundleContext context, HybridConfig config) {
        this(dataFolder(context), config, true);
    }

    /** Without a data folder or a schedule (tests): learns only when asked. */
    HybridStrategy(HybridConfig config) {
        this(null, config, false);
    }

    HybridStrategy(Path folder, HybridConfig config, boolean scheduled) {
        this.blendFile = folder == null ? null : folder.resolve("reco-hybrid").resolve("blend.properties");
        load();
        modified(config);
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-hybrid-schedule");
            thread.setDaemon(true);
            return thread;
        });
        if (scheduled) {
            schedule.scheduleWithFixedDelay(this::relearnIfRetrained, 20, 20, TimeUnit.SECONDS);
        }
    }

    @Modified
    void modified(HybridConfig newConfig) {
        BlendSettings base = BlendSettings.of(newConfig);
        BlendLearning.Validation validation = HybridOffline.validation(newConfig); // checks the validation settings now
        config = newConfig;
        settings = base;
        serve();
        LOG.debug("hybrid configured: {}, validation {}", base.describe(), validation);
    }

    private void serve() {
        LearnedBlend now = learned;
        serving = config.learn() && now != null ? now.blends(settings, features) : Blends.of(new Blend(settings, features));
    }

    @Deactivate
    void deactivate() {
        schedule.shutdownNow();
        calls.shutdown();
        Job running = learning;
        if (running != null) {
            running.cancel();
        }
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data);
    }

    private void load() {
        if (blendFile == null || !Files.exists(blendFile)) {
            return;
        }
        try {
            learned = LearnedBlend.load(blendFile);
            version.set(1);
            LOG.info("hybrid: learned blend of {} loaded: {}", learned.learnedAt(), learned.explain());
        } catch (IOException e) {
            LOG.warn("hybrid: could not read the learned blend, it will be learned again: {}", e.toString());
        }
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        Store current = store;
        // Without a store: every member counts as warm, and the fused order is kept.
        ToIntFunction<String> history = member -> current == null ? Integer.MAX_VALUE : current.events(member).size();
        return serving.recommend(request, byName(strategies), history, current == null ? null : ids -> items(current, ids), calls);
    }

    /**
     * Offline: the other offline strategies present now, fitted on the same training events and
     * combined under the current configuration (learning the blend on those events with learn on).
     */
    @Override
    public Recommender fit(List<Event> training, JobContext progress) throws Exception {
        return offline().fit(training, progress);
    }

    /** Offline, tuned: the blend learned over the other strategies' tuned fits. */
    @Override
    public Recommender fitTuned(List<Event> training, JobContext progress) throws Exception {
        return offline().fitTuned(training, progress);
    }

    /** Offline, for an evaluation's holdout: the blend learned on a validation split carved as that holdout was. */
    @Override
    public Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) throws Exception {
        return offline().fit(training, holdout, tuned, progress);
    }

    private HybridOffline offline() {
        HybridConfig now = config;
        return new HybridOffline(settings, now.learn(), HybridOffline.validation(now), byName(offline), store);
    }

    /** Learns the blend again as a job (or returns the one learning now); the previous blend serves until it is done. */
    @Override
    public synchronized Job train(String reason) {
        Job running = learning;
        if (running != null && !running.status().state().finished()) {
            return running;
        }
        Jobs now = jobs;
        if (now == null) {
            throw new IllegalStateException("hybrid cannot learn its blend: no Jobs service");
        }
        if (store == null) {
            throw new IllegalStateException("hybrid cannot learn its blend: no store");
        }
        learning = now.submit("train", "learn the hybrid blend (" + reason + ")", this::learn);
        return learning;
    }

    private LearnedBlend learn(JobContext progress) throws Exception {
        Store current = store;
        if (current == null) {
            throw new IllegalStateException("the store went away");
        }
        Map<String, String> models = models();
        progress.message("hybrid: reading events");
        List<Event> events = new ArrayList<>();
        current.scanEvents(event -> {
            events.add(event);
            if (events.size() % 50_000 == 0) {
                progress.checkCancelled();
            }
        });
        if (events.isEmpty()) {
            throw new IllegalStateException("the store holds no events to learn a blend from");
        }
        HybridConfig now = config;
        try {
            LearnedBlend blend = BlendLearning.learn(events, byName(offline), OfflineStrategy::fit, false, settings,
                    HybridOffline.validation(now), new HybridOffline.StoreCatalogue(current), features, models, progress);
            if (blendFile != null) {
                blend.save(blendFile);
            }
            learned = blend;
            version.incrementAndGet();
            lastFailure = null;
            failedWith = null;
            serve();
            progress.message("hybrid: " + blend.explain());
            return blend;
        } catch (Exception e) {
            lastFailure = e.getMessage();
            failedWith = models;
            throw e;
        }
    }

    /** Every 20 s: learn again when a blended strategy's model changed since the blend was learned (or none was learned yet). */
    void relearnIfRetrained() {
        try {
            if (!config.learn() || store == null || jobs == null) {
                return;
            }
            Job running = learning;
            if (running != null && !running.status().state().finished()) {
                return;
            }
            Map<String, String> models = new TreeMap<>();
            for (Map.Entry<Map<String, Object>, Trainable> trainable : trainables) {
                ModelStatus status = trainable.getValue().status();
                if (status.trainingJob() != null) {
                    return; // a strategy is training: learn once it is done, not twice
                }
                if (status.modelId() != null) {
                    models.put(status.strategy(), status.modelId());
                }
            }
            LearnedBlend now = learned;
            if (now == null) {
                if (store.counts().events() > 0 && (trainables.isEmpty() || !models.isEmpty())
                        && (failedWith == null || !failedWith.equals(models))) {
                    train(failedWith == null ? "no blend learned yet" : "models changed since learning failed");
                }
            } else if (!now.models().equals(models)) {
                List<String> changed = new ArrayList<>();
                models.forEach((name, model) -> {
                    if (!model.equals(now.models().get(name))) {
                        changed.add(name + " " + model);
                    }
                });
                train(changed.isEmpty() ? "a blended strategy's model went away" : "retrained: " + String.join(", ", changed));
            }
        } catch (RuntimeException e) {
            LOG.warn("hybrid: checking whether to learn the blend again failed: {}", e.toString());
        }
    }

    private Map<String, String> models() {
        Map<String, String> models = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, Trainable> trainable : trainables) {
            ModelStatus status = trainable.getValue().status();
            if (status.modelId() != null) {
                models.put(status.strategy(), status.modelId());
            }
        }
        return models;
    }

    /** The learned blend (GET /api/training/hybrid, affinity:train): weights for warm and cold members and their validation scores. */
    @Override
    public ModelStatus status() {
        LearnedBlend now = learned;
        Job running = learning;
        String job = running != null && !running.status().state().finished() ? running.id() : null;
        Map<String, Object> details = new LinkedHashMap<>();
        boolean learn = config.learn();
        details.put("serving", !learn ? "configured: learn is off (" + settings.describe() + ")"
                : now == null ? "configured, until a blend is learned (" + settings.describe() + ")" : "learned");
        if (lastFailure != null) {
            details.put("lastFailure", lastFailure);
        }
        if (now == null) {
            return new ModelStatus(NAME, null, null, 0, 0, 0, 0, job, details);
        }
        details.putAll(now.details());
        // Members: the validation members it learned from; items: none of its own (it blends other strategies' items).
        long members = now.warm().members() + (now.cold().note().isEmpty() ? now.cold().members() : 0);
        return new ModelStatus(NAME, "hybrid-blend-" + version.get(), now.learnedAt(), members, 0, now.events(), 0, job, details);
    }

    /** The blend learned last, or null. */
    LearnedBlend learned() {
        return learned;
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
