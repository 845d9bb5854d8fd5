package org.affinity.reco.evaluation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.Evaluations;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Evaluates the strategies present now (every {@link OfflineStrategy} service, by its
 * {@code strategy} property) on the store's events, as a job.
 */
@Component(service = Evaluations.class)
public class EvaluationService implements Evaluations {

    private final Store store;
    private final Jobs jobs;
    private final Map<String, OfflineStrategy> strategies = new ConcurrentHashMap<>();

    @Activate
    public EvaluationService(@Reference Store store, @Reference Jobs jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(OfflineStrategy strategy, Map<String, Object> properties) {
        Object name = properties.get(Recommender.STRATEGY);
        if (name != null) {
            strategies.put(name.toString(), strategy);
        }
    }

    void removeStrategy(OfflineStrategy strategy, Map<String, Object> properties) {
        Object name = properties.get(Recommender.STRATEGY);
        if (name != null) {
            strategies.remove(name.toString(), strategy);
        }
    }

    @Override
    public Job evaluate(EvaluationRequest request) {
        Map<String, OfflineStrategy> present = new TreeMap<>(strategies);
        List<String> unknown = request.strategies().stream().filter(name -> !present.containsKey(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no strategy " + String.join(", ", unknown) + " can be evaluated here; present: "
                    + String.join(", ", present.keySet()));
        }
        return jobs.submit("evaluate", "evaluate " + (present.isEmpty() ? "the popularity baseline" : String.join(", ", present.keySet())),
                context -> {
                    long total = store.counts().events();
                    context.total(total, "events");
                    context.message("reading events");
                    List<Event> events = new ArrayList<>((int) Math.min(total, Integer.MAX_VALUE - 8));
                    AtomicLong read = new AtomicLong();
                    store.scanEvents(event -> {
                        events.add(event);
                        if (read.incrementAndGet() % 10_000 == 0) {
                            context.done(read.get());
                            context.checkCancelled();
                        }
                    });
                    if (events.isEmpty()) {
                        throw new IllegalStateException("the store holds no events to evaluate on");
                    }
                    context.done(0);
                    return Evaluator.evaluate(events, present, request, context);
                });
    }
}
