package org.affinity.api.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * A split of the events into what a strategy may learn from and, per test member, the items they
 * went on to buy that they had not bought in training (strategies do not recommend bought items).
 * The evaluation splits the store's events this way; a strategy that tunes itself splits its own
 * training events the same way again (a validation split), so it never sees what an evaluation
 * holds out.
 */
public record Holdout(String name, List<Event> training, Map<String, Set<String>> relevant, String note) {

    /** Train on events before {@code splitAt}, test on new purchases from then on. */
    public static Holdout temporal(List<Event> events, Instant splitAt) {
        List<Event> training = new ArrayList<>();
        Map<String, Set<String>> known = new HashMap<>();
        Map<String, Set<String>> bought = new HashMap<>();
        for (Event event : events) {
            if (event.timestamp().isBefore(splitAt)) {
                training.add(event);
                if (event.itemId() != null) {
                    known.computeIfAbsent(event.memberId(), m -> new HashSet<>());
                    if (event.type() == EventType.PURCHASE) {
                        bought.computeIfAbsent(event.memberId(), m -> new HashSet<>()).add(event.itemId());
                    }
                }
            }
        }
        Map<String, Set<String>> relevant = new LinkedHashMap<>();
        for (Event event : events) {
            if (!event.timestamp().isBefore(splitAt) && event.type() == EventType.PURCHASE && event.itemId() != null
                    && known.containsKey(event.memberId())
                    && !bought.getOrDefault(event.memberId(), Set.of()).contains(event.itemId())) {
                relevant.computeIfAbsent(event.memberId(), m -> new HashSet<>()).add(event.itemId());
            }
        }
        return new Holdout("temporal", training, relevant, String.format(
                "temporal: train before %s (%,d events), test %,d members on new purchases after it", splitAt,
                training.size(), relevant.size()));
    }

    /** The time before which {@code 1 - share} of the events lie. */
    public static Instant splitTime(List<Event> events, double share) {
        List<Instant> times = new ArrayList<>(events.size());
        events.forEach(e -> times.add(e.timestamp()));
        Collections.sort(times);
        return times.get((int) Math.min(times.size() - 1, Math.round(times.size() * (1 - share))));
    }

    /**
     * Holds out {@code share} of each member's distinct purchased items (members with at least 5),
     * chosen by a seeded shuffle; every event of a held-out member-item pair leaves training.
     */
    public static Holdout random(List<Event> events, double share, long seed) {
        Map<String, Set<String>> bought = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.type() == EventType.PURCHASE && event.itemId() != null) {
                bought.computeIfAbsent(event.memberId(), m -> new java.util.TreeSet<>()).add(event.itemId());
            }
        }
        Map<String, Set<String>> relevant = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> member : bought.entrySet()) {
            if (member.getValue().size() < 5) {
                continue;
            }
            List<String> items = new ArrayList<>(member.getValue());
            Collections.shuffle(items, new Random(seed ^ member.getKey().hashCode()));
            int held = (int) Math.max(1, Math.round(items.size() * share));
            relevant.put(member.getKey(), new HashSet<>(items.subList(0, held)));
        }
        List<Event> training = new ArrayList<>();
        for (Event event : events) {
            Set<String> held = relevant.get(event.memberId());
            if (held == null || event.itemId() == null || !held.contains(event.itemId())) {
                training.add(event);
            }
        }
        return new Holdout("random", training, relevant, String.format(
                "random: %.0f%% of each member's items held out (seed %d), %,d training events, %,d test members",
                share * 100, seed, training.size(), relevant.size()));
    }

    /** At most {@code max} test members, a seeded sample (0: all). */
    public Holdout sample(int max, long seed) {
        if (max == 0 || relevant.size() <= max) {
            return this;
        }
        List<String> members = new ArrayList<>(relevant.keySet());
        Collections.shuffle(members, new Random(seed));
        Map<String, Set<String>> kept = new LinkedHashMap<>();
        members.subList(0, max).stream().sorted().forEach(m -> kept.put(m, relevant.get(m)));
        return new Holdout(name, training, kept, note + String.format(" (sample of %,d)", max));
    }

    /**
     * Mean NDCG@k over the test members (binary relevance, ideal = min(k, relevant) hits at the top).
     *
     * @param ranking a member's recommended item ids, best first (null or empty: no hit)
     */
    public double ndcg(int k, Function<String, List<String>> ranking) {
        if (relevant.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (Map.Entry<String, Set<String>> member : relevant.entrySet()) {
            sum += ndcg(k, ranking.apply(member.getKey()), member.getValue());
        }
        return sum / relevant.size();
    }

    /** NDCG@k of one ranked list against one member's relevant items. */
    public static double ndcg(int k, List<String> ranked, Set<String> relevant) {
        if (ranked == null || relevant.isEmpty()) {
            return 0;
        }
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
