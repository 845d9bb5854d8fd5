package org.affinity.reco.cf.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.affinity.api.vector.VectorIndex;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "cf" strategy. Serves the model in memory (loaded from {@code <data>/reco-cf/model.bin} at
 * start, so a restart does not retrain) and trains a new one as a job on demand, on a schedule and
 * after enough new events; requests keep using the previous model until the new one is swapped in.
 */
@Component(service = {Recommender.class, Trainable.class, OfflineStrategy.class, StoreListener.class},
        property = Recommender.STRATEGY + "=cf", configurationPid = "org.affinity.reco.cf")
@Designate(ocd = CfConfig.class)
public class CfStrategy implements Recommender, Trainable, OfflineStrategy, StoreListener {

    static final String NAME = "cf";
    private static final Logger LOG = LoggerFactory.getLogger(CfStrategy.class);
    /** The store must be quiet this long before new events trigger training (an import is not trained 80 times). */
    private static final Duration QUIET = Duration.ofSeconds(60);

    /**
     * Optional and dynamic on purpose: the store binds its StoreListeners (this component among them)
     * while it starts; a listener that needed the store to exist first would be a circular reference.
     */
    private volatile Store store;
    private final Jobs jobs;
    private final Path modelFile;
    private final ScheduledExecutorService schedule;
    private final AtomicLong eventsSince = new AtomicLong();
    private final AtomicLong erasuresSince = new AtomicLong();
    private volatile long lastChange = System.nanoTime();
    private volatile CfSettings settings;
    /** The model search's limits, or null when the search is off. */
    private volatile ModelSearch.Budget budget;
    private volatile CfConfig config;
    private volatile CfRecommendations current;
    private volatile Job training;
    private final RecentHistories histories = new RecentHistories(10_000);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile VectorIndex vectors;

    @Activate
    public CfStrategy(BundleContext context, CfConfig config, @Reference Jobs jobs) {
        this(dataFolder(context), config, null, jobs);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(Store bound) {
        store = bound;
        ScheduledExecutorService checks = schedule;
        if (checks != null && !checks.isShutdown()) {
            checks.execute(this::trainIfNoModel);
        }
    }

    void unbindStore(Store unbound) {
        if (store == unbound) {
            store = null;
        }
    }

    CfStrategy(Path folder, CfConfig config, Store store, Jobs jobs) {
        this.store = store;
        this.jobs = jobs;
        this.modelFile = folder.resolve("reco-cf").resolve("model.bin");
        configure(config);
        load();
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-cf-schedule");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::checkSchedule, 15, 15, TimeUnit.SECONDS);
        if (store != null) {
            trainIfNoModel();
        }
    }

    private void trainIfNoModel() {
        Store now = store;
        try {
            if (current == null && now != null && now.counts().events() > 0) {
                train("no model yet");
            }
        } catch (RuntimeException e) {
            LOG.warn("cf could not start its first training: {}", e.toString());
        }
    }

    @Modified
    void configure(CfConfig config) {
        this.config = config;
        this.settings = new CfSettings(CfSettings.Family.of(config.family()), new Als.Settings(config.factors(),
                config.iterations(), config.regularization(), config.alpha(), 3, 42), config.neighbours(), config.shrink(),
                config.neighbourWeight(), config.easeLambda(), config.easeItems());
        this.budget = config.tuning() ? new ModelSearch.Budget(config.tuningTrials(), config.tuningSeconds(),
                config.validationShare(), config.validationMembers(), config.tuningSeed()) : null;
        // The model serves with the settings it was trained (or chosen) with; new settings apply at the next training.
    }

    @Deactivate
    void deactivate() {
        // Not shutdownNow(): an interrupt inside a store read (the checks read the store) closes H2's
        // file channel and with it the database for every caller.
        schedule.shutdown();
        Job running = training;
        if (running != null) {
            running.cancel();
        }
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data);
    }

    private void load() {
        if (!Files.exists(modelFile)) {
            return;
        }
        try {
            CfModel model = CfModel.load(modelFile);
            current = new CfRecommendations(model);
            LOG.info("cf model {} loaded: {} items, trained {}", model.modelId(), model.items.length, model.trainedAt);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cf model {} could not be read, training a new one: {}", modelFile, e.toString());
        }
    }

    // --- Recommender -------------------------------------------------------------------------

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        CfRecommendations serving = current;
        Store store = this.store;
        if (serving == null || store == null) {
            return List.of();
        }
        StoreCatalogue catalogue = new StoreCatalogue(store);
        if (request.itemId() != null) {
            return serving.similar(request.itemId(), request.count(), request.filters(), catalogue);
        }
        if (request.memberId() == null) {
            return List.of();
        }
        History history = histories.of(request.memberId(), store.events(request.memberId()));
        return serving.forMember(history, request.count(), request.filters(), catalogue, candidates(serving, history, request));
    }

    /** Candidates from the vector index when the catalogue is too large to score in full, else null (all). */
    private List<String> candidates(CfRecommendations serving, History history, RecommendationRequest request) {
        VectorIndex index = vectors;
        CfModel model = serving.model();
        if (index == null || model.items.length <= config.exactScoringLimit()) {
            return null;
        }
        float[] factors = serving.scorer().memberFactors(history);
        if (factors == null) {
            return null;
        }
        int k = Math.min(model.items.length, request.count() * 10 + 100);
        return FactorIndex.candidates(index, model, factors, k,
                request.filters().allowRepurchase() ? request.filters().exclude() : union(request.filters().exclude(), history.bought()))
                .orElse(null);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    // --- Trainable ---------------------------------------------------------------------------

    @Override
    public synchronized Job train(String reason) {
        Job running = training;
        if (running != null && !running.status().state().finished()) {
            return running;
        }
        long eventsAtStart = eventsSince.get();
        long erasuresAtStart = erasuresSince.get();
        CfRecommendations before = current;
        long version = before == null ? 1 : before.model().version + 1;
        CfSettings using = settings;
        ModelSearch.Budget searching = budget;
        Store store = this.store;
        if (store == null) {
            throw new IllegalStateException("cf cannot train: no store");
        }
        training = jobs.submit("train", "train cf model " + version + " (" + reason + ")", context -> {
            CfModel model = Training.run(store, version, using, searching, context);
            context.message("saving");
            model.save(modelFile);
            current = new CfRecommendations(model);
            eventsSince.addAndGet(-eventsAtStart);
            erasuresSince.addAndGet(-erasuresAtStart);
            publish(model, context);
            LOG.info("cf model {} ({}) trained on {} events in {} s ({})", model.modelId(), model.settings.describe(),
                    model.events, String.format("%.1f", model.trainingSeconds), reason);
            return report(model);
        });
        return training;
    }

    private void publish(CfModel model, JobContext context) {
        VectorIndex index = vectors;
        if (index != null && model.hasFactors()) {
            context.message("publishing item factors to " + FactorIndex.COLLECTION);
            try {
                FactorIndex.publish(index, model);
            } catch (RuntimeException e) {
                LOG.warn("item factors of {} not published to {}: {}", model.modelId(), FactorIndex.COLLECTION, e.toString());
            }
        }
    }

    @Override
    public ModelStatus status() {
        CfRecommendations serving = current;
        Job running = training;
        String job = running != null && !running.status().state().finished() ? running.id() : null;
        if (serving == null) {
            return new ModelStatus(NAME, null, null, 0, 0, 0, eventsSince.get(), job, Map.of());
        }
        CfModel model = serving.model();
        return new ModelStatus(NAME, model.modelId(), model.trainedAt, model.members, model.items.length, model.events,
                eventsSince.get(), job, report(model));
    }

    private static Map<String, Object> report(CfModel model) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.modelId());
        report.put("members", model.members);
        report.put("items", model.items.length);
        report.put("events", model.events);
        report.put("family", model.settings.family().label);
        report.put("parameters", model.settings.parameters());
        report.put("seconds", Math.round(model.trainingSeconds * 10) / 10.0);
        if (model.search != null) {
            report.put("search", model.search.describe());
        }
        return report;
    }

    /** Every 15 s: train when enough changed and the store is quiet, or when the schedule says so. */
    void checkSchedule() {
        try {
            CfConfig now = config;
            boolean quiet = System.nanoTime() - lastChange > QUIET.toNanos();
            boolean changed = eventsSince.get() > 0 || erasuresSince.get() > 0;
            CfRecommendations serving = current;
            if (quiet && now.retrainAfterEvents() > 0
                    && (eventsSince.get() >= now.retrainAfterEvents() || erasuresSince.get() > 0)) {
                train(erasuresSince.get() > 0 ? "a member was erased" : eventsSince.get() + " new events");
            } else if (changed && now.retrainHours() > 0 && serving != null
                    && serving.model().trainedAt.plus(Duration.ofHours(now.retrainHours())).isBefore(Instant.now())) {
                train("scheduled every " + now.retrainHours() + " h");
            } else if (serving == null && quiet && changed) {
                train("no model yet");
            }
        } catch (RuntimeException e) {
            LOG.warn("cf training check failed", e);
        }
    }

    // --- OfflineStrategy ---------------------------------------------------------------------

    /**
     * As currently configured: with tuning on, the settings the last search chose for the model served
     * (so hybrid learns its blend over the cf it blends live, not over the configured one), else the
     * configured settings.
     */
    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        return new CfOffline(fitting()).fit(training, progress);
    }

    /** The settings {@link #fit} trains with. */
    CfSettings fitting() {
        CfRecommendations serving = current;
        CfModel model = serving == null ? null : serving.model();
        boolean searched = model != null && model.search != null && !model.search.trials().isEmpty();
        return searched && config.tuning() ? model.settings : settings;
    }

    /** The search as configured (its budget, or the default one when training does not search), then the winner. */
    @Override
    public Recommender fitTuned(List<Event> training, JobContext progress) {
        return offline().fitTuned(training, progress);
    }

    /** For an evaluation's holdout: tuned, the search validates on a split carved as that holdout was. */
    @Override
    public Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) {
        return tuned ? offline().fit(training, holdout, true, progress) : fit(training, progress);
    }

    /** With the settings of {@code like}, a fit of cf (no search again). */
    @Override
    public Recommender fitLike(Recommender like, List<Event> training, String holdout, boolean tuned, JobContext progress) {
        return like instanceof CfOffline.Fit ? offline().fitLike(like, training, holdout, tuned, progress) : fit(training, holdout, tuned, progress);
    }

    /** Offline fits with the configured settings and the search as configured (the default budget when training does not search). */
    private CfOffline offline() {
        ModelSearch.Budget searching = budget;
        return new CfOffline(settings, searching == null ? ModelSearch.Budget.DEFAULT : searching);
    }

    // --- StoreListener -----------------------------------------------------------------------

    @Override
    public void eventsAppended(List<Event> events) {
        events.forEach(event -> histories.forget(event.memberId()));
        long withItems = events.stream().filter(e -> e.itemId() != null).count();
        if (withItems > 0) {
            eventsSince.addAndGet(withItems);
            lastChange = System.nanoTime();
        }
    }

    /**
     * The model keeps nothing per member (member factors are folded in from the store's history,
     * which has just deleted the member's events, and the remembered history goes now), so the
     * member is gone from every answer at once. Their events still shaped the item factors: the next
     * check retrains without them.
     */
    @Override
    public void memberErased(String memberId) {
        histories.forget(memberId);
        erasuresSince.incrementAndGet();
        lastChange = System.nanoTime();
    }

    /** Whether a member's history is remembered (tests of the erase contract). */
    boolean remembers(String memberId) {
        return histories.holds(memberId);
    }

    Optional<CfModel> model() {
        CfRecommendations serving = current;
        return serving == null ? Optional.empty() : Optional.of(serving.model());
    }
}
