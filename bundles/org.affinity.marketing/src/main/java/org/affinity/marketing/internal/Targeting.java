package org.affinity.marketing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.affinity.api.marketing.Audience;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.Rfm;
import org.affinity.api.segment.Segment;
import org.affinity.api.segment.Segments;

/**
 * Chooses an audience's members from profiles: every kind of targeting over one {@link ProfileView},
 * so the same code picks today's audience and the audience a simulation would have picked at a past
 * date. Members without consent for the channel are walked over and counted, never selected.
 */
final class Targeting {

    /** A selected member and the similarity that ranked them (null for unranked kinds). */
    record Pick(String memberId, Double score) {
    }

    /**
     * What the targeting chose.
     *
     * @param picks members with consent, best first for ranked kinds, else by id
     * @param matched members the targeting selected before consent (picks + withoutConsent)
     * @param withoutConsent members selected but left out for lack of consent
     * @param scores for ranked kinds, the similarity of every scored member that passed {@code within}
     *        (consent or not): a simulation ranks everyone by it
     * @param model the model of the vectors used, or null
     * @param query the query vector (theme embedding or seeds' centre), or null
     */
    record Selection(List<Pick> picks, long matched, long withoutConsent, Map<String, Double> scores, String model,
            float[] query) {
    }

    /** The members a targeting may choose from, and what it needs to know about them. */
    interface Universe {
        /** Every member id that may be chosen. */
        List<String> members();

        /** Whether the member gave consent for the channel. */
        boolean consents(String memberId);

        static Universe of(List<String> members, Predicate<String> consents) {
            return new Universe() {
                @Override
                public List<String> members() {
                    return members;
                }

                @Override
                public boolean consents(String memberId) {
                    return consents.test(memberId);
                }
            };
        }
    }

    /** Embeds a theme in the space of the given model, or fails saying why it cannot. */
    interface Embedder {
        float[] embed(String text, String model);
    }

    private final Segments segments;
    private final Embedder embedder;

    Targeting(Segments segments, Embedder embedder) {
        this.segments = segments;
        this.embedder = embedder;
    }

    /**
     * Selects the audience.
     *
     * @throws IllegalArgumentException when the definition cannot be evaluated (unknown segment, bad rule)
     * @throws IllegalStateException when something it needs is missing now (no vectors, no model)
     */
    Selection select(Audience audience, ProfileView view, Universe universe) {
        Predicate<String> within = audience.within() == null || audience.within().isBlank() ? id -> true
                : view.rule(audience.within());
        return switch (audience.kind()) {
            case ALL -> unranked(universe.members(), within, universe);
            case RULE -> unranked(universe.members(), view.rule(audience.rule()).and(within), universe);
            case SEGMENT -> segment(audience, view, universe, within);
            case THEME -> {
                String model = requireVectors(view, "a theme audience");
                yield ranked(embedder.embed(audience.theme(), model), model, audience.size(), audience.minSimilarity(),
                        Set.of(), view, universe, within);
            }
            case LOOKALIKE -> lookalike(audience.seeds(), audience.size(), audience.minSimilarity(), view, universe, within);
        };
    }

    private Selection segment(Audience audience, ProfileView view, Universe universe, Predicate<String> within) {
        if (segments == null) {
            throw new IllegalStateException("the segments service is not available (org.affinity.profile)");
        }
        Segment segment = segments.get(audience.segment())
                .orElseThrow(() -> new IllegalArgumentException("no segment '" + audience.segment() + "'"));
        if (view.asOf() == null) {
            Set<String> members = new LinkedHashSet<>();
            for (int offset = 0;; offset += 10_000) {
                List<String> page = segments.members(segment.id(), offset, 10_000);
                members.addAll(page);
                if (page.size() < 10_000) {
                    break;
                }
            }
            Set<String> known = new LinkedHashSet<>(universe.members());
            return unranked(members.stream().filter(known::contains).toList(), within, universe);
        }
        // At a past date the segment's definition is evaluated against the profiles of then.
        return switch (segment.kind()) {
            case RFM -> unranked(universe.members(), id -> view.rfm(id).map(Rfm::segment)
                    .filter(segment.definition()::equals).isPresent(), universe, within);
            case RULE -> unranked(universe.members(), view.rule(segment.definition()).and(within), universe);
            case LOOKALIKE -> {
                Lookalikes.Definition definition = Lookalikes.parse(segment.definition());
                yield lookalike(definition.seeds(), definition.size(), null, view, universe, within);
            }
        };
    }

    private Selection unranked(List<String> ids, Predicate<String> test, Universe universe, Predicate<String> within) {
        return unranked(ids, test.and(within), universe);
    }

    private static Selection unranked(List<String> ids, Predicate<String> test, Universe universe) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.naturalOrder());
        List<Pick> picks = new ArrayList<>();
        long matched = 0;
        long withoutConsent = 0;
        for (String id : sorted) {
            if (!test.test(id)) {
                continue;
            }
            matched++;
            if (universe.consents(id)) {
                picks.add(new Pick(id, null));
            } else {
                withoutConsent++;
            }
        }
        return new Selection(picks, matched, withoutConsent, Map.of(), null, null);
    }

    private Selection lookalike(List<String> seeds, Integer size, Double floor, ProfileView view, Universe universe,
            Predicate<String> within) {
        String model = requireVectors(view, "a lookalike audience");
        float[] sum = null;
        List<String> missing = new ArrayList<>();
        for (String seed : seeds) {
            Optional<float[]> vector = view.vector(seed);
            if (vector.isEmpty()) {
                missing.add(seed);
                continue;
            }
            if (sum == null) {
                sum = new float[vector.get().length];
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += vector.get()[i];
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no seed member has a profile vector" + (view.asOf() == null ? "" : " before "
                    + view.asOf()) + ": " + missing);
        }
        return ranked(Vectors.unit(sum), model, size == null ? Lookalikes.DEFAULT_SIZE : size, floor, Set.copyOf(seeds), view,
                universe, within);
    }

    private static Selection ranked(float[] query, String model, Integer size, Double floor, Set<String> exclude,
            ProfileView view, Universe universe, Predicate<String> within) {
        Map<String, Double> scores = new HashMap<>();
        for (String id : universe.members()) {
            if (exclude.contains(id)) {
                continue;
            }
            Optional<float[]> vector = view.vector(id);
            if (vector.isPresent() && vector.get().length == query.length && within.test(id)) {
                scores.put(id, Vectors.dot(query, vector.get()));
            }
        }
        List<Map.Entry<String, Double>> order = new ArrayList<>(scores.entrySet());
        order.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Pick> picks = new ArrayList<>();
        long withoutConsent = 0;
        for (Map.Entry<String, Double> entry : order) {
            if ((size != null && picks.size() >= size) || (floor != null && entry.getValue() < floor)) {
                break;
            }
            if (universe.consents(entry.getKey())) {
                picks.add(new Pick(entry.getKey(), entry.getValue()));
            } else {
                withoutConsent++;
            }
        }
        return new Selection(picks, picks.size() + withoutConsent, withoutConsent, scores, model, query);
    }

    private static String requireVectors(ProfileView view, String what) {
        String model = view.vectorModel();
        if (model == null) {
            throw new IllegalStateException(what + " needs member vectors, and no member has one"
                    + (view.asOf() == null ? " yet (is an embedding model running?)" : " before " + view.asOf()));
        }
        return model;
    }
}
