package org.affinity.reco.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.recommend.Recommender;
import org.osgi.framework.Constants;

/**
 * The strategies present now, by name: what DS binds and unbinds. Of two services with the same
 * name the higher service ranking wins (then the older service).
 */
final class Strategies {

    private record Entry(String name, Recommender recommender, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> BEST = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final Map<Long, Entry> byService = new ConcurrentHashMap<>();
    private volatile Map<String, Recommender> byName = Map.of();

    void add(Recommender recommender, Map<String, Object> properties) {
        Object name = properties.get(Recommender.STRATEGY);
        if (name == null) {
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        long id = ((Number) properties.getOrDefault(Constants.SERVICE_ID, 0L)).longValue();
        byService.put(id, new Entry(name.toString(), recommender, ranking instanceof Integer r ? r : 0, id));
        rebuild();
    }

    void remove(Map<String, Object> properties) {
        byService.remove(((Number) properties.getOrDefault(Constants.SERVICE_ID, 0L)).longValue());
        rebuild();
    }

    /** Identity fallback when there is no service id (tests). */
    void remove(Recommender recommender) {
        byService.values().removeIf(entry -> entry.recommender() == recommender);
        rebuild();
    }

    private synchronized void rebuild() {
        Map<String, Recommender> best = new ConcurrentHashMap<>();
        byService.values().stream().sorted(BEST).forEach(entry -> best.putIfAbsent(entry.name(), entry.recommender()));
        byName = best;
    }

    Optional<Recommender> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
