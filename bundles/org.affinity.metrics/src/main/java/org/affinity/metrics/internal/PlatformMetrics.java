package org.affinity.metrics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.affinity.api.store.StoreListener;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform holds, read when scraped: store counts, the models strategies serve (version and
 * age), the embedding models loaded, jobs running; and the ingest rate, counted as the store
 * announces events. Each reading asks the service present at that moment; an absent one is skipped.
 */
@Component(service = StoreListener.class, immediate = true)
public class PlatformMetrics implements StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMetrics.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Store store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Jobs jobs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EmbeddingModels embeddingModels;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<Trainable> trainables = new CopyOnWriteArrayList<>();

    private final PrometheusRegistry registry;
    private final Counter ingested;
    private final List<Collector> collectors;

    @Activate
    public PlatformMetrics(@Reference PrometheusRegistry registry) {
        this.registry = registry;
        this.ingested = Counter.builder().name("affinity_events_ingested_total")
                .help("Events the store committed, by type (the ingest rate is its rate())").labelNames("type").build();
        GaugeWithCallback storeCounts = GaugeWithCallback.builder().name("affinity_store_records")
                .help("Members, items and events held by the store").labelNames("kind", "type").callback(callback -> {
                    StoreCounts counts = read(() -> store == null ? null : store.counts());
                    if (counts != null) {
                        callback.call(counts.members(), "members", "");
                        callback.call(counts.items(), "items", "");
                        for (Map.Entry<String, Long> type : counts.eventsByType().entrySet()) {
                            callback.call(type.getValue(), "events", type.getKey());
                        }
                    }
                }).build();
        GaugeWithCallback modelAge = GaugeWithCallback.builder().name("affinity_model_age_seconds")
                .help("Seconds since the model a strategy serves was trained, with its id").labelNames("strategy", "model")
                .callback(callback -> {
                    for (Trainable trainable : trainables) {
                        ModelStatus status = read(trainable::status);
                        if (status != null && status.trainedAt() != null) {
                            callback.call(Duration.between(status.trainedAt(), Instant.now()).toMillis() / 1000.0,
                                    status.strategy(), status.modelId() == null ? "" : status.modelId());
                        }
                    }
                }).build();
        GaugeWithCallback modelEvents = GaugeWithCallback.builder().name("affinity_model_events_since_training")
                .help("Events stored since the model a strategy serves was trained").labelNames("strategy")
                .callback(callback -> {
                    for (Trainable trainable : trainables) {
                        ModelStatus status = read(trainable::status);
                        if (status != null) {
                            callback.call(status.eventsSince(), status.strategy());
                        }
                    }
                }).build();
        GaugeWithCallback embedding = GaugeWithCallback.builder().name("affinity_embedding_model_loaded")
                .help("Embedding models loaded (1), and whether each is the active one").labelNames("model", "active")
                .callback(callback -> {
                    EmbeddingModels models = embeddingModels;
                    if (models != null) {
                        String active = models.active().map(ModelInfo::id).orElse(null);
                        for (ModelInfo model : read(models::loaded)) {
                            callback.call(1, model.id(), Boolean.toString(model.id().equals(active)));
                        }
                    }
                }).build();
        GaugeWithCallback running = GaugeWithCallback.builder().name("affinity_jobs")
                .help("Jobs queued or running, by kind").labelNames("kind", "state").callback(callback -> {
                    Jobs current = jobs;
                    List<JobStatus> list = current == null ? List.of() : read(current::list);
                    Map<String, Map<JobState, Long>> counts = new java.util.TreeMap<>();
                    for (JobStatus status : list == null ? List.<JobStatus>of() : list) {
                        if (!status.state().finished()) {
                            counts.computeIfAbsent(status.kind(), k -> new java.util.EnumMap<>(JobState.class))
                                    .merge(status.state(), 1L, Long::sum);
                        }
                    }
                    counts.forEach((kind, states) -> states.forEach((state, n) -> callback.call(n, kind,
                            state.name().toLowerCase(java.util.Locale.ROOT))));
                }).build();
        this.collectors = List.of(ingested, storeCounts, modelAge, modelEvents, embedding, running);
        collectors.forEach(registry::register);
    }

    @Deactivate
    void deactivate() {
        collectors.forEach(registry::unregister);
    }

    @Override
    public void eventsAppended(List<Event> events) {
        try {
            for (Event event : events) {
                ingested.labelValues(event.type().wireName()).inc();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("the ingest counter could not count {} events: {}", events.size(), e.toString());
        }
    }

    @Override
    public void memberErased(String memberId) {
        // nothing of a member is kept here: counts only
    }

    /** A reading that may fail while its service goes away: skipped, never a failed scrape. */
    private static <T> T read(java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            LOG.debug("a metric could not be read: {}", e.toString());
            return null;
        }
    }
}
