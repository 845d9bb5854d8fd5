package org.affinity.reco.popularity.internal;

import java.util.ArrayList;
import java.util.List;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;

/**
 * Answers from one popularity model: the most popular items for the member's country (or the
 * request's {@code country} context) when it has enough data, else for the whole shop; in
 * item-to-item mode, items of the anchor's categories first. Honours the request's filters; the router excludes what the member bought.
 */
final class PopularityAnswers implements Recommender {

    private final PopularityModel model;
    private final int minCountryItems;
    private final boolean trending;

    PopularityAnswers(PopularityModel model, int minCountryItems, boolean trending) {
        this.model = model;
        this.minCountryItems = minCountryItems;
        this.trending = trending;
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        String country = request.context().get("country");
        if (country == null || country.isBlank()) {
            country = model.countryOf(request.memberId());
        }
        Ranking ranking = model.country(country, trending, minCountryItems);
        String where = ranking == null ? null : country;
        if (ranking == null) {
            ranking = model.shop(trending);
        }
        List<String> anchorCategories = List.of();
        if (request.itemId() != null) {
            Item anchor = model.item(request.itemId());
            anchorCategories = anchor == null ? List.of() : anchor.categories();
        }
        List<Recommendation> results = new ArrayList<>(request.count());
        if (!anchorCategories.isEmpty()) {
            collect(request, model, ranking, anchorCategories, where, results);
        }
        collect(request, model, ranking, List.of(), where, results);
        if (where != null) {
            // A small country runs out (its few buyers bought its few items): the shop fills up.
            collect(request, model, model.shop(trending), List.of(), null, results);
        }
        return results;
    }

    private void collect(RecommendationRequest request, PopularityModel model, Ranking ranking, List<String> within,
            String where, List<Recommendation> results) {
        Filters filters = request.filters();
        for (int i = 0; i < ranking.size() && results.size() < request.count(); i++) {
            String id = ranking.items()[i];
            if (id.equals(request.itemId()) || filters.exclude().contains(id) || contains(results, id)) {
                continue;
            }
            Item item = model.item(id);
            if (item == null || !filters.admits(item)) {
                continue;
            }
            String category = Filters.category(item, within.isEmpty() ? filters.categories() : within);
            if (category == null && !within.isEmpty()) {
                continue;
            }
            results.add(new Recommendation(id, ranking.scores()[i], explain(where, category)));
        }
    }

    private static boolean contains(List<Recommendation> results, String id) {
        for (Recommendation result : results) {
            if (result.itemId().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private String explain(String country, String category) {
        String verb = trending ? "trending" : "popular";
        if (category != null) {
            String leaf = category.substring(category.lastIndexOf('/') + 1);
            return country == null ? verb + " in " + leaf : verb + " in " + leaf + " in " + country;
        }
        if (country != null) {
            return verb + " in " + country;
        }
        return trending ? "trending in the shop" : "popular in the shop";
    }
}
