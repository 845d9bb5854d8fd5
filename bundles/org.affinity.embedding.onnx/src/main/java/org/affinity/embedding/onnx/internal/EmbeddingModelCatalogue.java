package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding service: keeps the catalogue of models that active model bundles declare, and
 * registers an {@link EmbeddingModel} service for the model the configuration chooses (the active
 * one: {@code model.active=true}, ranking 100) and for each further model that an active bundle asks
 * for in its manifest ({@link ModelDemands}; {@code model.active=false}, ranking 0), only while it is
 * asked for. A service is unregistered (and its session closed once no batch runs) when the
 * configuration switches models or changes how they run, and when its bundle stops; the new one is
 * registered once loaded. Loading (reading the .onnx file, opening the session) runs on a background
 * thread, so bundle starts and configuration changes do not wait for it. A model nobody asks for any
 * more stays loaded a while ({@code linger.seconds}), so a bundle update does not reload it.
 */
@Component(service = EmbeddingModels.class, configurationPid = "org.affinity.embedding", immediate = true)
@Designate(ocd = EmbeddingConfig.class)
public class EmbeddingModelCatalogue implements EmbeddingModels, ModelExtender.Listener, ModelDemands.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModelCatalogue.class);

    /** Service property: true on the configured model's service, false on models loaded on demand. */
    public static final String ACTIVE = EmbeddingModel.ACTIVE;

    /** How long the configured model may be missing before that is worth a warning (bundles start in any order). */
    private static final long MISSING_GRACE_SECONDS = 10;
    /** How often the sessions of models on demand are checked for idleness. */
    private static final long IDLE_CHECK_SECONDS = 10;

    /** A model and the bundle that carries it. */
    private record Offer(ModelDescription model, Bundle bundle) {
        ModelInfo info() {
            return model.info(bundle.getSymbolicName());
        }

        /** The capability attributes demand filters are matched against. */
        Map<String, Object> attributes() {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(ModelDescription.NAMESPACE, model.id());
            attributes.put("dimension", (long) model.dimension());
            attributes.put("languages", model.languages());
            attributes.put("precision", model.precision());
            attributes.put("pooling", model.pooling().label());
            return attributes;
        }
    }

    /** A model registered as a service. */
    private record Loaded(Offer offer, EmbeddingSettings settings, OnnxEmbeddingModel model,
            ServiceRegistration<EmbeddingModel> registration, boolean active) {
    }

    /** A model being loaded on the loader thread; a later reconcile may abandon it. */
    private record Loading(Offer offer, EmbeddingSettings settings, long ticket) {
    }

    private final BundleContext context;
    private final ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-embedding-loader");
        thread.setDaemon(true);
        return thread;
    });
    private final BundleTracker<List<ModelDescription>> tracker;
    private final BundleTracker<List<Filter>> demandTracker;

    // guarded by this
    private final Map<String, List<Offer>> offers = new TreeMap<>();
    private final Map<Bundle, List<Filter>> demands = new HashMap<>();
    private final Map<String, Loaded> loaded = new TreeMap<>();
    private final Map<String, Loading> loading = new HashMap<>();
    /** Models on demand nobody asks for now, and since when (nanoTime). */
    private final Map<String, Long> idleSince = new HashMap<>();
    private String configured;
    private EmbeddingSettings settings;
    private long lingerSeconds;
    private long idleSeconds;
    private long tickets;
    private boolean stopped;
    private long changes;

    @Activate
    public EmbeddingModelCatalogue(BundleContext context, EmbeddingConfig config) {
        this.context = context;
        configure(config);
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, new ModelExtender(context.getBundle(), this));
        this.demandTracker = new BundleTracker<>(context, Bundle.ACTIVE | Bundle.STARTING, new ModelDemands(this));
        tracker.open();
        demandTracker.open();
        reconcile();
        loader.scheduleWithFixedDelay(this::closeIdleSessions, IDLE_CHECK_SECONDS, IDLE_CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** Closes the sessions of models on demand that no text used for {@code idle.seconds}; they reopen on use. */
    private void closeIdleSessions() {
        List<OnnxEmbeddingModel> onDemand = new ArrayList<>();
        long idle;
        synchronized (this) {
            if (stopped || idleSeconds == 0) {
                return;
            }
            idle = idleSeconds;
            loaded.values().stream().filter(l -> !l.active()).forEach(l -> onDemand.add(l.model()));
        }
        for (OnnxEmbeddingModel model : onDemand) {
            try {
                model.closeSessionIfIdle(java.time.Duration.ofSeconds(idle));
            } catch (RuntimeException e) {
                // a failure must not end the periodic check (the executor would drop it)
                LOG.warn("could not close the idle session of embedding model '{}': {}", model.id(), e.getMessage(), e);
            }
        }
    }

    @Modified
    void modified(EmbeddingConfig config) {
        configure(config);
        reconcile();
    }

    @Deactivate
    void deactivate() {
        List<Loaded> retired;
        synchronized (this) {
            stopped = true;
            tickets++;
            loading.clear();
            retired = new ArrayList<>(loaded.values());
            loaded.clear();
        }
        retired.forEach(r -> retire(r, "the embedding service stopped"));
        demandTracker.close();
        tracker.close();
        loader.shutdownNow();
        try {
            if (!loader.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("an embedding model was still loading 30 s after the service stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void configure(EmbeddingConfig config) {
        configured = config.model().trim();
        settings = new EmbeddingSettings(config.intra_op_threads(), config.batch_size(), config.cache_size(),
                config.batch_quantized(), config.parallel_runs());
        lingerSeconds = Math.max(0, config.linger_seconds());
        idleSeconds = Math.max(0, config.idle_seconds());
    }

    @Override
    public void added(Bundle bundle, List<ModelDescription> models) {
        synchronized (this) {
            for (ModelDescription model : models) {
                List<Offer> list = offers.computeIfAbsent(model.id(), id -> new ArrayList<>());
                list.add(new Offer(model, bundle));
                list.sort(Comparator.comparingLong(o -> o.bundle().getBundleId()));
                if (list.size() > 1) {
                    LOG.warn("model '{}' is declared by several bundles ({}); the first installed is used",
                            model.id(), list.stream().map(o -> o.bundle().getSymbolicName()).toList());
                }
            }
        }
        LOG.info("embedding models available from {}: {}", bundle.getSymbolicName(),
                models.stream().map(ModelDescription::id).toList());
        reconcile();
    }

    @Override
    public void removed(Bundle bundle, List<ModelDescription> models) {
        synchronized (this) {
            for (ModelDescription model : models) {
                List<Offer> list = offers.get(model.id());
                if (list != null) {
                    list.removeIf(o -> o.bundle().equals(bundle));
                    if (list.isEmpty()) {
                        offers.remove(model.id());
                    }
                }
            }
        }
        LOG.info("embedding models gone with {}: {}", bundle.getSymbolicName(),
                models.stream().map(ModelDescription::id).toList());
        reconcile();
    }

    @Override
    public void demanded(Bundle bundle, List<Filter> filters) {
        synchronized (this) {
            demands.put(bundle, filters);
        }
        LOG.info("{} asks for embedding models {}", bundle.getSymbolicName(), filters);
        reconcile();
    }

    @Override
    public void released(Bundle bundle) {
        synchronized (this) {
            demands.remove(bundle);
        }
        reconcile();
    }

    /**
     * Brings the services in line with the configuration, the demands and the installed models.
     * Unregistering and closing happen on the calling thread (a bundle that stops is no longer used
     * when its stop returns); loading happens on the loader thread.
     */
    private void reconcile() {
        List<Loaded> retired = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Loaded> promoted = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Offer active = first(configured);
            Map<String, Offer> wanted = wanted(active);
            long now = System.nanoTime();
            for (Iterator<Loaded> it = loaded.values().iterator(); it.hasNext();) {
                Loaded running = it.next();
                String id = running.offer().model().id();
                Offer want = wanted.get(id);
                String reason = null;
                if (want == null && !running.active() && lingers(id, now)) {
                    continue;
                }
                if (want == null) {
                    reason = running.active() ? (active == null && first(id) == null
                            ? "its bundle " + running.offer().bundle().getSymbolicName() + " stopped"
                            : "the configuration switched to model '" + configured + "'")
                            : first(id) == null ? "its bundle " + running.offer().bundle().getSymbolicName() + " stopped"
                            : "no bundle asks for it any more";
                } else if (!running.offer().equals(want)) {
                    reason = "its bundle " + running.offer().bundle().getSymbolicName() + " stopped";
                } else if (!running.settings().equals(settings)) {
                    reason = "its settings changed";
                }
                if (reason != null) {
                    it.remove();
                    retired.add(running);
                    reasons.add(reason);
                } else if (running.active() != id.equals(configured)) {
                    promoted.add(running);
                }
            }
            for (Loaded running : promoted) {
                loaded.put(running.offer().model().id(), new Loaded(running.offer(), running.settings(),
                        running.model(), running.registration(), !running.active()));
            }
            loading.entrySet().removeIf(e -> !e.getValue().offer().equals(wanted.get(e.getKey()))
                    || !e.getValue().settings().equals(settings));
            for (Map.Entry<String, Offer> want : wanted.entrySet()) {
                if (!loaded.containsKey(want.getKey()) && !loading.containsKey(want.getKey())) {
                    load(want.getValue(), settings);
                }
            }
            long change = ++changes;
            if (active == null) {
                LOG.debug("embedding model '{}' is not installed (yet); available: {}", configured, offers.keySet());
                loader.schedule(() -> warnIfStillMissing(change), MISSING_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        }
        for (Loaded running : promoted) {
            // outside the lock: service events reach consumers synchronously
            try {
                running.registration().setProperties(properties(running.offer(), !running.active()));
            } catch (IllegalStateException alreadyGone) {
                // retired meanwhile
            }
        }
        for (int i = 0; i < retired.size(); i++) {
            retire(retired.get(i), reasons.get(i));
        }
    }

    /** The models that should be loaded: the configured one, and one per demand it does not satisfy. Holds this. */
    private Map<String, Offer> wanted(Offer active) {
        Map<String, Offer> wanted = new TreeMap<>();
        if (active != null) {
            wanted.put(configured, active);
        }
        for (Map.Entry<Bundle, List<Filter>> demand : demands.entrySet()) {
            for (Filter filter : demand.getValue()) {
                if (active != null && filter.matches(active.attributes())) {
                    continue;
                }
                // Without an active model (its bundle stopped or updating) still int8: taking the first match
                // swapped the loaded int8 bge-small-zh for its fp32 twin, ~10 s of one core loading it
                // under load, and back again when the bundle returned.
                Offer offer = bestMatch(filter, active == null ? "int8" : active.model().precision());
                if (offer == null) {
                    LOG.debug("{} asks for an embedding model {} that no installed bundle has",
                            demand.getKey().getSymbolicName(), filter);
                } else if (wanted.values().stream().noneMatch(o -> filter.matches(o.attributes()))) {
                    wanted.put(offer.model().id(), offer);
                }
            }
        }
        wanted.keySet().forEach(idleSince::remove);
        return wanted;
    }

    /** The model that matches, of the active model's precision if one does (int8 loads faster, smaller). */
    private Offer bestMatch(Filter filter, String precision) {
        Offer best = null;
        for (List<Offer> list : offers.values()) {
            Offer offer = list.get(0);
            if (filter.matches(offer.attributes())) {
                if (best == null || (!best.model().precision().equals(precision)
                        && offer.model().precision().equals(precision))) {
                    best = offer;
                }
            }
        }
        return best;
    }

    /** Whether a model nobody asks for should stay a while; schedules the reconcile that retires it. Holds this. */
    private boolean lingers(String id, long now) {
        if (first(id) == null) {
            return false;
        }
        Long since = idleSince.putIfAbsent(id, now);
        long idle = since == null ? 0 : now - since;
        if (idle >= TimeUnit.SECONDS.toNanos(lingerSeconds)) {
            idleSince.remove(id);
            return false;
        }
        if (since == null) {
            loader.schedule(this::reconcile, lingerSeconds, TimeUnit.SECONDS);
        }
        return true;
    }

    /** Warns when nothing changed since the configured model was found missing. */
    private synchronized void warnIfStillMissing(long change) {
        if (!stopped && change == changes && first(configured) == null) {
            LOG.warn("embedding model '{}' is configured but not installed (available: {}); no EmbeddingModel "
                    + "service until a bundle brings it or the configuration (PID org.affinity.embedding) names "
                    + "another", configured, offers.keySet());
        }
    }

    /** Starts loading {@code offer} on the loader thread; a later reconcile may abandon it. Holds this. */
    private void load(Offer offer, EmbeddingSettings with) {
        Loading ticket = new Loading(offer, with, ++tickets);
        loading.put(offer.model().id(), ticket);
        // A model on demand opens its session at its first text: the chat asks for a Chinese model
        // whether or not Chinese text ever comes, and an open session costs ~80-170 MB resident.
        boolean onUse = !offer.model().id().equals(configured);
        loader.execute(() -> {
            long started = System.nanoTime();
            OnnxEmbeddingModel model;
            try {
                ModelFiles files = path -> {
                    URL entry = offer.bundle().getEntry(path);
                    if (entry == null) {
                        throw new IOException(offer.bundle().getSymbolicName() + " has no " + path);
                    }
                    return entry.openStream();
                };
                model = onUse ? OnnxEmbeddingModel.openOnUse(offer.model(), files, with)
                        : OnnxEmbeddingModel.open(offer.model(), files, with);
            } catch (IOException | RuntimeException e) {
                LOG.error("could not load embedding model '{}' from {}: {}", offer.model().id(),
                        offer.bundle().getSymbolicName(), e.getMessage(), e);
                synchronized (this) {
                    loading.remove(offer.model().id(), ticket);
                }
                return;
            }
            registerIfStillWanted(model, ticket, (System.nanoTime() - started) / 1_000_000);
        });
    }

    private void registerIfStillWanted(OnnxEmbeddingModel model, Loading ticket, long millis) {
        Offer offer = ticket.offer();
        String id = offer.model().id();
        synchronized (this) {
            if (!stopped && loading.remove(id, ticket) && !loaded.containsKey(id)) {
                boolean active = id.equals(configured);
                ServiceRegistration<EmbeddingModel> registration = context.registerService(EmbeddingModel.class,
                        model, properties(offer, active));
                loaded.put(id, new Loaded(offer, ticket.settings(), model, registration, active));
                LOG.info("embedding model '{}' ({}-d, {}, from {}) {} in {} ms: {} run(s) at once of {} thread(s), "
                        + "batches of {}, cache of {}", id, offer.model().dimension(), offer.model().precision(),
                        offer.bundle().getSymbolicName(), active ? "active" : "loaded on demand (session opens at its first text)", millis,
                        ticket.settings().parallelRuns(), ticket.settings().intraOpThreads(),
                        ticket.settings().batchSizeFor(offer.model()), ticket.settings().cacheSize());
                return;
            }
        }
        model.close("it was replaced before it was registered");
    }

    private static Dictionary<String, Object> properties(Offer offer, boolean active) {
        ModelDescription model = offer.model();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EmbeddingModel.MODEL_ID, model.id());
        properties.put(EmbeddingModel.DIMENSION, model.dimension());
        properties.put("model.precision", model.precision());
        properties.put("model.languages", model.languages().toArray(String[]::new));
        properties.put("model.bundle", offer.bundle().getSymbolicName());
        properties.put(ACTIVE, active);
        properties.put(Constants.SERVICE_RANKING, active ? 100 : 0);
        properties.put(Constants.SERVICE_DESCRIPTION, "Embedding model " + model.id() + " (ONNX Runtime"
                + (active ? ", active" : ", on demand") + ")");
        return properties;
    }

    /** Unregisters and closes a model that is no longer wanted. Not holding this. */
    private static void retire(Loaded retired, String reason) {
        try {
            retired.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it already (our bundle is stopping)
        }
        retired.model().close(reason);
        LOG.info("embedding model '{}' closed: {} ({} texts embedded in {} runs)", retired.offer().model().id(),
                reason, retired.model().encoded(), retired.model().runs());
    }

    private Offer first(String id) {
        List<Offer> list = offers.get(id);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    @Override
    public synchronized List<ModelInfo> available() {
        List<ModelInfo> infos = new ArrayList<>();
        for (List<Offer> list : offers.values()) {
            infos.add(list.get(0).info());
        }
        return infos;
    }

    @Override
    public synchronized String configured() {
        return configured;
    }

    @Override
    public synchronized Optional<ModelInfo> active() {
        Loaded active = loaded.get(configured);
        return active == null || !active.active() ? Optional.empty() : Optional.of(active.offer().info());
    }

    @Override
    public synchronized List<ModelInfo> loaded() {
        return loaded.values().stream().map(l -> l.offer().info()).toList();
    }
}
