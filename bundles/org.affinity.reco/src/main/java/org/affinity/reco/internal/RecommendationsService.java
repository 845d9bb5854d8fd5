package org.affinity.reco.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.affinity.api.event.Event;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.recommend.Routing;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.api.segment.Segments;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The Recommendations service. Strategies are bound dynamically and greedily and looked up by name
 * on every request (nothing holds one beyond a call), so installing, stopping or updating a strategy
 * bundle takes effect on the next request and never fails one in flight.
 */
@Component(service = {Recommendations.class, StoreListener.class}, configurationPid = RoutingConfig.PID, immediate = true)
@Designate(ocd = RecoConfig.class)
public class RecommendationsService implements Recommendations, StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationsService.class);

    private final Strategies strategies = new Strategies();
    private final Store store;
    private final StrategyCalls calls = new StrategyCalls();
    private final Serving serving;
    private final Purchases purchases;
    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    private volatile RecoConfig config;
    private volatile Routing routing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Segments segments;

    /** Made when a registry first binds, so that the Prometheus classes load only where a registry exists. */
    private volatile ServingMetrics metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        if (metrics == null) {
            metrics = new ServingMetrics();
        }
        metrics.bind(registry);
    }

    synchronized void unbindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        if (metrics != null) {
            metrics.unbind(registry);
        }
    }

    @Activate
    public RecommendationsService(@Reference Store store, RecoConfig config) {
        this.store = store;
        this.serving = new Serving(strategies, store, calls);
        this.purchases = new Purchases(store, 50_000);
        modified(config);
    }

    @Modified
    void modified(RecoConfig newConfig) {
        Routing parsed;
        try {
            parsed = RoutingConfig.of(newConfig);
        } catch (IllegalArgumentException e) {
            LOG.warn("PID {}: {}; keeping the routing in force", RoutingConfig.PID, e.getMessage());
            if (routing == null) {
                routing = new Routing("popularity", List.of(), null, List.of());
            }
            config = newConfig;
            return;
        }
        config = newConfig;
        routing = parsed;
        LOG.info("recommendation routing: default {}, {} route(s), experiment {}", parsed.defaultStrategy(),
                parsed.routes().size(), parsed.experiment() == null ? "none" : parsed.experiment().name());
    }

    @Deactivate
    void deactivate() {
        calls.close();
    }

    /** Calls of a strategy now running past their deadline (tests). */
    int abandonedCalls(String strategy) {
        return calls.abandoned(strategy);
    }

    @Reference(service = Recommender.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(Recommender recommender, Map<String, Object> properties) {
        strategies.add(recommender, properties);
    }

    void updatedStrategy(Recommender recommender, Map<String, Object> properties) {
        strategies.remove(properties);
        strategies.add(recommender, properties);
    }

    void removeStrategy(Recommender recommender, Map<String, Object> properties) {
        strategies.remove(properties);
    }

    @Override
    public RecommendationResult recommend(RecommendationRequest request) {
        Routing current = routing;
        RecoConfig settings = config;
        Router.Choice choice = Router.choose(current, request, members());
        Exclusions exclusions = Exclusions.of(request, purchases.of(request.memberId()), settings);
        Serving.Outcome outcome = serving.serve(request, Serving.chain(choice.strategy(), current.fallback()), exclusions,
                settings.overfetch(), new Serving.Patience(settings.strategyTimeoutMillis(), settings.abandonedCallLimit()));
        served.computeIfAbsent(choice.arm(), arm -> new LongAdder()).increment();
        ServingMetrics serving = metrics;
        if (serving != null) {
            serving.served(outcome.strategy(), choice.arm(), outcome.fallbacks());
        }
        return new RecommendationResult(outcome.items(), outcome.strategy(), choice.arm(), outcome.fallbacks(), newId());
    }

    private Router.Members members() {
        return new Router.Members() {
            @Override
            public Optional<Member> member(String id) {
                return store.member(id);
            }

            @Override
            public Set<String> segments(String id) {
                Segments current = segments;
                return current == null ? Set.of() : current.segmentsOf(id);
            }
        };
    }

    /** Unique enough to join events to responses: time plus randomness, short on the wire. */
    private static String newId() {
        return "r" + Long.toString(System.currentTimeMillis(), 36) + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    @Override
    public Set<String> strategies() {
        return strategies.names();
    }

    @Override
    public String defaultStrategy() {
        return routing.defaultStrategy();
    }

    @Override
    public Routing routing() {
        return routing;
    }

    @Override
    public Routing configure(Routing requested) {
        Routing valid = RoutingConfig.validate(requested);
        routing = valid;
        ConfigurationAdmin admin = configAdmin;
        if (admin != null) {
            try {
                Configuration configuration = admin.getConfiguration(RoutingConfig.PID, "?");
                java.util.Dictionary<String, Object> properties = configuration.getProperties();
                java.util.Hashtable<String, Object> merged = new java.util.Hashtable<>();
                if (properties != null) {
                    for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                        String key = keys.nextElement();
                        merged.put(key, properties.get(key));
                    }
                }
                merged.putAll(RoutingConfig.properties(valid));
                configuration.update(merged);
            } catch (IOException e) {
                throw new IllegalStateException("could not store the routing in PID " + RoutingConfig.PID + ": " + e.getMessage(), e);
            }
        }
        LOG.info("routing changed: default {}, routes {}, experiment {}", valid.defaultStrategy(), valid.routes(),
                valid.experiment());
        return valid;
    }

    @Override
    public UpliftReport uplift() {
        Experiment experiment = routing.experiment();
        if (experiment == null) {
            throw new IllegalStateException("no experiment is configured (PID " + RoutingConfig.PID + " experimentName, experimentArms)");
        }
        Map<String, Long> counts = new java.util.HashMap<>();
        served.forEach((arm, adder) -> counts.put(arm, adder.sum()));
        return UpliftCalculator.compute(experiment, store, counts);
    }

    @Override
    public void eventsAppended(List<Event> events) {
        for (Event event : events) {
            purchases.forget(event.memberId());
        }
    }

    @Override
    public void memberErased(String memberId) {
        purchases.forget(memberId);
    }

    /** Whether a member's purchases are cached (tests of the erase contract). */
    boolean holdsPurchasesOf(String memberId) {
        return purchases.holds(memberId);
    }

    /** Responses served per arm since start. */
    Map<String, Long> served() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        served.forEach((arm, adder) -> counts.put(arm, adder.sum()));
        return counts;
    }
}
