package org.affinity.profile.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.affinity.api.profile.Contribution;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileExplanation;
import org.affinity.api.profile.Rfm;

/** Turns a member's state into the API's Profile and ProfileExplanation (callers hold the state's monitor). */
final class ProfileViews {

    static final int TOP_AFFINITIES = 20;
    static final int TOP_EXPLAINED = 10;

    private ProfileViews() {
    }

    static Profile profile(MemberState state, ProfileBook book) {
        Population population = book.population();
        Rfm rfm = population.rfm(state);
        Map<String, Object> features = new LinkedHashMap<>();
        Directory.Facts facts = book.directory.get(state.id);
        features.put("country", facts == null ? null : facts.country());
        features.put("language", facts == null ? null : facts.language());
        if (facts != null && facts.languageInferred()) {
            features.put("languageInferredFromCountry", true);
        }
        features.put("events", state.events);
        features.put("eventsByType", state.eventsByType());
        features.put("purchases", state.purchaseLines);
        features.put("orders", state.orders());
        features.put("returns", state.returnLines);
        features.put("returnsRatio", state.purchasedUnits == 0 ? null : round((double) state.returnedUnits / state.purchasedUnits));
        features.put("priceBand", population.priceBand(state));
        double meanPrice = state.meanUnitPrice();
        features.put("meanUnitPrice", Double.isNaN(meanPrice) ? null : round(meanPrice));
        double cadence = state.cadenceDays();
        features.put("cadenceDays", Double.isNaN(cadence) ? null : round(cadence));
        features.put("firstPurchase", state.purchased() ? Instant.ofEpochMilli(state.firstPurchase).toString() : null);
        features.put("lastPurchase", state.purchased() ? Instant.ofEpochMilli(state.lastPurchase).toString() : null);
        features.put("preferredHours", preferredHours(state.hours));
        features.put("preferredChannels", top(state.channels()));
        features.put("vectorModel", state.model);
        return new Profile(state.id, rfm, affinities(state, state.categories(book.catalogue), TOP_AFFINITIES),
                affinities(state, state.terms(book.catalogue), TOP_AFFINITIES), features,
                state.lastEvent == Long.MIN_VALUE ? null : Instant.ofEpochMilli(state.lastEvent));
    }

    /** Shares of interest in [0, 1], strongest first (ties by name, so equal profiles print equally). */
    static Map<String, Double> affinities(MemberState state, Map<String, Double> weights, int limit) {
        Map<String, Double> top = new LinkedHashMap<>();
        weights.keySet().stream()
                .map(key -> Map.entry(key, state.share(weights, key)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> top.put(e.getKey(), round(e.getValue())));
        return top;
    }

    static ProfileExplanation explain(MemberState state, ProfileBook book) {
        List<Contribution> items = new ArrayList<>();
        for (Map.Entry<String, Double> e : affinities(state, state.items(), TOP_EXPLAINED).entrySet()) {
            Catalogue.Facts item = book.catalogue.get(e.getKey());
            items.add(new Contribution(e.getKey(), item == null || item.title().isEmpty() ? e.getKey() : item.title(), e.getValue()));
        }
        List<Contribution> categories = contributions(affinities(state, state.categories(book.catalogue), TOP_EXPLAINED));
        List<Contribution> terms = contributions(affinities(state, state.terms(book.catalogue), TOP_EXPLAINED));
        return new ProfileExplanation(state.id, summary(state, book, terms), items, categories, terms);
    }

    private static List<Contribution> contributions(Map<String, Double> shares) {
        return shares.entrySet().stream().map(e -> new Contribution(e.getKey(), e.getKey(), e.getValue())).toList();
    }

    private static String summary(MemberState state, ProfileBook book, List<Contribution> terms) {
        StringBuilder text = new StringBuilder();
        Rfm rfm = book.population().rfm(state);
        if (rfm != null) {
            if (rfm.segment() != null) {
                text.append(rfm.segment()).append(" (R").append(rfm.r()).append(" F").append(rfm.f()).append(" M")
                        .append(rfm.m()).append("): ");
            }
            text.append(rfm.frequency()).append(rfm.frequency() == 1 ? " order" : " orders").append(", net spend ")
                    .append(rfm.monetary().stripTrailingZeros().toPlainString());
            if (rfm.recencyDays() >= 0) {
                text.append(", last purchase ").append(rfm.recencyDays()).append(rfm.recencyDays() == 1 ? " day" : " days")
                        .append(" before ")
                        .append(book.population().reference());
            }
        } else {
            text.append("no purchase yet, ").append(state.events).append(" events");
        }
        if (!terms.isEmpty()) {
            text.append("; mostly ").append(terms.stream().limit(3).map(Contribution::key).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    private static List<Integer> preferredHours(int[] hours) {
        List<Integer> order = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (hours[h] > 0) {
                order.add(h);
            }
        }
        order.sort(Comparator.comparingInt((Integer h) -> hours[h]).reversed().thenComparing(Comparator.naturalOrder()));
        return order.subList(0, Math.min(3, order.size()));
    }

    private static List<String> top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(Map.Entry::getKey).toList();
    }

    static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
