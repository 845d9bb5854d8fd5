package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
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
 * registers ONE {@link EmbeddingModel} service, for the model the configuration chooses, when that
 * model is installed. The service is unregistered (and its session closed once no batch runs) when
 * the configuration switches models or changes how it runs, and when its bundle stops; the new one
 * is registered once loaded. Loading (reading the .onnx file, opening the session) runs on a
 * background thread, so bundle starts and configuration changes do not wait for it.
 */
@Component(service = EmbeddingModels.class, configurationPid = "org.affinity.embedding", immediate = true)
@Designate(ocd = EmbeddingConfig.class)
public class EmbeddingModelCatalogue implements EmbeddingModels, ModelExtender.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModelCatalogue.class);

    /** A model and the bundle that carries it. */
    private record Offer(ModelDescription model, Bundle bundle) {
        ModelInfo info() {
            return model.info(bundle.getSymbolicName());
        }
    }

    /** The model registered as the service. */
    private record Active(Offer offer, EmbeddingSettings settings, OnnxEmbeddingModel model,
            ServiceRegistration<EmbeddingModel> registration) {
    }

    private final BundleContext context;
    /** How long the configured model may be missing before that is worth a warning (bundles start in any order). */
    private static final long MISSING_GRACE_SECONDS = 10;

    private final ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-embedding-loader");
        thread.setDaemon(true);
        return thread;
    });
    private final BundleTracker<List<ModelDescription>> tracker;

    // guarded by this
    private final Map<String, List<Offer>> offers = new TreeMap<>();
    private String configured;
    private EmbeddingSettings settings;
    private Active active;
    private Offer loading;
    private EmbeddingSettings loadingSettings;
    private long generation;
    private boolean stopped;
    private long changes;

    @Activate
    public EmbeddingModelCatalogue(BundleContext context, EmbeddingConfig config) {
        this.context = context;
        configure(config);
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, new ModelExtender(context.getBundle(), this));
        tracker.open();
        reconcile();
    }

    @Modified
    void modified(EmbeddingConfig config) {
        configure(config);
        reconcile();
    }

    @Deactivate
    void deactivate() {
        Active retired;
        synchronized (this) {
            stopped = true;
            generation++;
            retired = active;
            active = null;
        }
        retire(retired, "the embedding service stopped");
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
                config.batch_quantized(), layerNorm(config.layer_norm()));
    }

    private static LayerNormMode layerNorm(String value) {
        try {
            return LayerNormMode.of(value);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; using 'reference'", e.getMessage());
            return LayerNormMode.REFERENCE;
        }
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

    /**
     * Brings the service in line with the configuration and the installed models. Unregistering and
     * closing happen on the calling thread (a bundle that stops is no longer used when its stop
     * returns); loading happens on the loader thread.
     */
    private void reconcile() {
        Active retired = null;
        String reason = null;
        synchronized (this) {
            if (stopped) {
                return;
            }
            Offer wanted = first(configured);
            if (active != null && (!active.offer().equals(wanted) || !active.settings().equals(settings))) {
                retired = active;
                active = null;
                reason = wanted == null ? "its bundle " + retired.offer().bundle().getSymbolicName() + " stopped"
                        : !retired.offer().equals(wanted) ? "the configuration switched to model '" + configured + "'"
                        : "its settings changed";
            }
            long change = ++changes;
            if (wanted == null) {
                cancelLoading();
                LOG.debug("embedding model '{}' is not installed (yet); available: {}", configured, offers.keySet());
                loader.schedule(() -> warnIfStillMissing(change), MISSING_GRACE_SECONDS, TimeUnit.SECONDS);
            } else {
                if (active == null && !(wanted.equals(loading) && settings.equals(loadingSettings))) {
                    load(wanted, settings);
                }
            }
        }
        retire(retired, reason);
    }

    /** Warns when nothing changed since the configured model was found missing. */
    private synchronized void warnIfStillMissing(long change) {
        if (!stopped && change == changes && first(configured) == null) {
            LOG.warn("embedding model '{}' is configured but not installed (available: {}); no EmbeddingModel "
                    + "service until a bundle brings it or the configuration (PID org.affinity.embedding) names "
                    + "another", configured, offers.keySet());
        }
    }

    /** Starts loading {@code offer} on the loader thread; a later reconcile may cancel it. Holds this. */
    private void load(Offer offer, EmbeddingSettings with) {
        long ticket = ++generation;
        loading = offer;
        loadingSettings = with;
        loader.execute(() -> {
            long started = System.nanoTime();
            OnnxEmbeddingModel model;
            try {
                model = OnnxEmbeddingModel.open(offer.model(), path -> {
                    URL entry = offer.bundle().getEntry(path);
                    if (entry == null) {
                        throw new IOException(offer.bundle().getSymbolicName() + " has no " + path);
                    }
                    return entry.openStream();
                }, with);
            } catch (IOException | RuntimeException e) {
                LOG.error("could not load embedding model '{}' from {}: {}", offer.model().id(),
                        offer.bundle().getSymbolicName(), e.getMessage(), e);
                synchronized (this) {
                    if (ticket == generation) {
                        loading = null;
                        loadingSettings = null;
                    }
                }
                return;
            }
            registerIfStillWanted(model, offer, with, ticket, (System.nanoTime() - started) / 1_000_000);
        });
    }

    private void registerIfStillWanted(OnnxEmbeddingModel model, Offer offer, EmbeddingSettings with, long ticket,
            long millis) {
        synchronized (this) {
            if (ticket == generation && !stopped && active == null) {
                loading = null;
                loadingSettings = null;
                ServiceRegistration<EmbeddingModel> registration = context.registerService(EmbeddingModel.class,
                        model, properties(offer, model));
                active = new Active(offer, with, model, registration);
                LOG.info("embedding model '{}' ({}-d, {}, from {}) active in {} ms: {} thread(s) per run, batches of {}, "
                        + "cache of {}; {}", offer.model().id(), offer.model().dimension(), offer.model().precision(),
                        offer.bundle().getSymbolicName(), millis, with.intraOpThreads(), with.batchSizeFor(offer.model()),
                        with.cacheSize(), model.runsAs());
                return;
            }
        }
        model.close("it was replaced before it was registered");
    }

    private void cancelLoading() {
        if (loading != null) {
            generation++;
            loading = null;
            loadingSettings = null;
        }
    }

    private static Dictionary<String, Object> properties(Offer offer, OnnxEmbeddingModel running) {
        ModelDescription model = offer.model();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EmbeddingModel.MODEL_ID, model.id());
        properties.put(EmbeddingModel.DIMENSION, model.dimension());
        properties.put("model.precision", model.precision());
        properties.put("model.languages", model.languages().toArray(String[]::new));
        properties.put("model.bundle", offer.bundle().getSymbolicName());
        properties.put("model.runs.as", running.runsAs());
        properties.put(Constants.SERVICE_DESCRIPTION, "Embedding model " + model.id() + " (ONNX Runtime)");
        return properties;
    }

    /** Unregisters and closes a model that is no longer wanted. Not holding this. */
    private static void retire(Active retired, String reason) {
        if (retired == null) {
            return;
        }
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
        return Optional.ofNullable(active).map(a -> a.offer().info());
    }

}
