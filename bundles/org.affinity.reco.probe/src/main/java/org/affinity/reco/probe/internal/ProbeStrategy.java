package org.affinity.reco.probe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Strategy "probe": the store's first items in catalogue order, each explained with this bundle's
 * revision, so a test can tell which installation answered. Each call lingers about a millisecond
 * so that bundle changes land while calls are in flight.
 */
@Component(service = Recommender.class, property = Recommender.STRATEGY + "=probe")
public class ProbeStrategy implements Recommender {

    private final Store store;
    private final String revision;
    private volatile List<String> catalogue = List.of();

    @Activate
    public ProbeStrategy(@Reference Store store, BundleContext context) {
        this.store = store;
        this.revision = "probe revision " + context.getBundle().getLastModified();
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        List<String> ids = catalogue;
        if (ids.isEmpty()) {
            List<String> scanned = new ArrayList<>();
            store.scanItems(item -> {
                if (scanned.size() < 1000) {
                    scanned.add(item.id());
                }
            });
            catalogue = ids = scanned;
        }
        List<Recommendation> items = new ArrayList<>(request.count());
        for (int i = 0; i < Math.min(request.count(), ids.size()); i++) {
            items.add(new Recommendation(ids.get(i), 1.0 / (i + 1), revision));
        }
        LockSupport.parkNanos(1_000_000);
        return items;
    }
}
