package org.affinity.reco.hybrid.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.affinity.reco.hybrid.internal.Fusion.Ranked;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * mid-call is skipped.
 */
@Component(service = Recommender.class, configurationPid = "org.affinity.reco.hybrid",
        property = Recommender.STRATEGY + "=hybrid")
@Designate(ocd = HybridConfig.class)
public class HybridStrategy implements Recommender {

    private static final Logger LOG = LoggerFactory.getLogger(HybridStrategy.class);

    @Reference(service = Recommender.class, target = "(&(" + Recommender.STRATEGY + "=*)(!(" + Recommender.STRATEGY + "=hybrid)))",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<Map.Entry<Map<String, Object>, Recommender>> strategies = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Store store;

    private volatile HybridConfig config;
    private volatile Map<String, Double> weights;

    @Activate
    public HybridStrategy(HybridConfig config) {
        modified(config);
    }

    @Modified
    void modified(HybridConfig newConfig) {
        Map<String, Double> parsed = new LinkedHashMap<>();
        for (String line : newConfig.weights()) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("weights: expected strategy=weight, was '" + line + "'");
            }
            parsed.put(line.substring(0, eq).trim(), Double.parseDouble(line.substring(eq + 1).trim()));
        }
        weights = parsed;
        config = newConfig;
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        HybridConfig settings = config;
        Map<String, Recommender> present = present();
        int ask = request.count() * Math.max(1, settings.candidateFactor());
        List<Recommendation> fused = switch (settings.mode()) {
            case "switching" -> switching(request, present, settings, ask);
            case "weighted" -> Fusion.weighted(ask(request, present, ask));
            default -> Fusion.rrf(ask(request, present, ask), settings.rrfK());
        };
        // A category filter or an anchor item asks for sameness: no category cap then.
        boolean capCategories = request.filters().categories().isEmpty() && request.itemId() == null;
        return diversify(fused, request.count(), settings, capCategories);
    }

    /** The strategies bound now, by name; of two with one name the higher ranked (bound later) wins. */
    private Map<String, Recommender> present() {
        Map<String, Recommender> byName = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, Recommender> entry : strategies) {
            Object name = entry.getKey().get(Recommender.STRATEGY);
            if (name != null) {
                byName.put(name.toString(), entry.getValue());
            }
        }
        return byName;
    }

    private List<Ranked> ask(RecommendationRequest request, Map<String, Recommender> present, int ask) {
        List<Ranked> answers = new ArrayList<>();
        present.forEach((name, recommender) -> {
            double weight = weights.getOrDefault(name, config.otherWeight());
            if (weight <= 0) {
                return;
            }
            List<Recommendation> items = call(name, recommender, request, ask);
            if (!items.isEmpty()) {
                answers.add(new Ranked(name, weight, items));
            }
        });
        return answers;
    }

    private List<Recommendation> switching(RecommendationRequest request, Map<String, Recommender> present, HybridConfig settings,
            int ask) {
        Store current = store;
        boolean cold = request.memberId() == null
                || (current != null && current.events(request.memberId()).size() < settings.coldHistory());
        for (String name : cold ? settings.coldStrategies() : settings.warmStrategies()) {
            Recommender recommender = present.get(name);
            if (recommender != null) {
                List<Recommendation> items = call(name, recommender, request, ask);
                if (!items.isEmpty()) {
                    return items;
                }
            }
        }
        return List.of();
    }

    private static List<Recommendation> call(String name, Recommender recommender, RecommendationRequest request, int ask) {
        try {
            List<Recommendation> items = recommender.recommend(new RecommendationRequest(request.memberId(), request.itemId(), ask,
                    request.filters(), request.context(), name));
            return items == null ? List.of() : items;
        } catch (Exception | LinkageError e) {
            LOG.debug("hybrid: strategy {} failed, left out: {}", name, e.toString());
            return List.of();
        }
    }

    private List<Recommendation> diversify(List<Recommendation> fused, int count, HybridConfig settings, boolean capCategories) {
        Store current = store;
        int cap = capCategories ? settings.maxPerCategory() : 0;
        if (current == null || (settings.mmrLambda() >= 1 && cap <= 0)) {
            return fused.subList(0, Math.min(count, fused.size()));
        }
        List<Recommendation> pool = fused.subList(0, Math.min(fused.size(), Math.max(count, Diversifier.WINDOW * 3)));
        Map<String, Item> items = new HashMap<>();
        for (Item item : current.items(pool.stream().map(Recommendation::itemId).toList())) {
            items.put(item.id(), item);
        }
        return Diversifier.diversify(pool, items, count, settings.mmrLambda(), cap);
    }
}
