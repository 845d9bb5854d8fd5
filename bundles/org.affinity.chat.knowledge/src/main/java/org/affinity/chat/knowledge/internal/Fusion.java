package org.affinity.chat.knowledge.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the keyword and the vector rankings of passages into a ranking of articles, each with its
 * best passage. Reciprocal rank fusion (each list adds weight / (k + rank) for the rank of an
 * article's best passage in it) needs no calibration between BM25 scores and cosines, which mean
 * different things for every question and model; score fusion mixes min-max normalised scores. An
 * article that lists the question's intent gains {@code intentBoost} times what first place in the
 * more heavily weighted list is worth.
 */
final class Fusion {

    enum Method { RRF, SCORES }

    /**
     * @param k RRF's rank offset: larger flattens the difference between first and fifth places
     * @param keywordWeight weight of the keyword list (0 leaves it out)
     * @param vectorWeight weight of the vector list (0 leaves it out)
     * @param intentBoost bonus of an article that lists the intent, in first places of the heavier list
     */
    record Settings(Method method, int k, double keywordWeight, double vectorWeight, double intentBoost) {

        Settings {
            if (k < 1 || keywordWeight < 0 || vectorWeight < 0 || intentBoost < 0 || keywordWeight + vectorWeight == 0) {
                throw new IllegalArgumentException("k >= 1, weights >= 0 and not both 0, intentBoost >= 0: " + k + ", "
                        + keywordWeight + ", " + vectorWeight + ", " + intentBoost);
            }
        }

        Settings withIntentBoost(double boost) {
            return new Settings(method, k, keywordWeight, vectorWeight, boost);
        }
    }

    /** An article, its best passage and its fused score. */
    record Fused(String articleId, String passageId, double score) {
    }

    private Fusion() {
    }

    /**
     * @param intentOf whether an article lists the question's intent (never asked when intent is null)
     */
    static List<Fused> fuse(List<PassageScore> keywords, List<PassageScore> vectors, String intent,
            java.util.function.Predicate<String> intentOf, Settings settings) {
        Map<String, Double> articles = new LinkedHashMap<>();
        Map<String, Double> passages = new HashMap<>();
        Map<String, String> best = new HashMap<>();
        if (settings.method() == Method.RRF) {
            rrf(keywords, settings.keywordWeight(), settings.k(), articles, passages);
            rrf(vectors, settings.vectorWeight(), settings.k(), articles, passages);
        } else {
            scores(keywords, settings.keywordWeight(), articles, passages);
            scores(vectors, settings.vectorWeight(), articles, passages);
        }
        for (List<PassageScore> list : List.of(keywords, vectors)) {
            for (PassageScore hit : list) {
                String current = best.get(hit.articleId());
                if (!passages.containsKey(hit.passageId())) {
                    continue;
                }
                if (current == null || passages.get(hit.passageId()) > passages.get(current)) {
                    best.put(hit.articleId(), hit.passageId());
                }
            }
        }
        double first = Math.max(settings.keywordWeight(), settings.vectorWeight())
                * (settings.method() == Method.RRF ? 1.0 / (settings.k() + 1) : 1.0);
        List<Fused> fused = new ArrayList<>();
        articles.forEach((article, score) -> {
            double boosted = intent != null && settings.intentBoost() > 0 && intentOf.test(article)
                    ? score + settings.intentBoost() * first : score;
            fused.add(new Fused(article, best.get(article), boosted));
        });
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::articleId));
        return fused;
    }

    /** Adds weight / (k + rank) per passage, and per article for the rank of its best passage. */
    private static void rrf(List<PassageScore> list, double weight, int k, Map<String, Double> articles,
            Map<String, Double> passages) {
        if (weight == 0) {
            return;
        }
        Map<String, Integer> articleRanks = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            PassageScore hit = list.get(i);
            passages.merge(hit.passageId(), weight / (k + i + 1), Double::sum);
            articleRanks.putIfAbsent(hit.articleId(), articleRanks.size() + 1);
        }
        articleRanks.forEach((article, rank) -> articles.merge(article, weight / (k + rank), Double::sum));
    }

    /** Adds weight x the min-max normalised score, per passage and per article (its best passage). */
    private static void scores(List<PassageScore> list, double weight, Map<String, Double> articles,
            Map<String, Double> passages) {
        if (list.isEmpty() || weight == 0) {
            return;
        }
        double max = list.stream().mapToDouble(PassageScore::score).max().orElse(1);
        double min = list.stream().mapToDouble(PassageScore::score).min().orElse(0);
        double range = max - min > 1e-9 ? max - min : 1;
        Map<String, Double> bestOfArticle = new HashMap<>();
        for (PassageScore hit : list) {
            double normalised = weight * (list.size() == 1 ? 1 : (hit.score() - min) / range);
            passages.merge(hit.passageId(), normalised, Double::sum);
            bestOfArticle.merge(hit.articleId(), normalised, Math::max);
        }
        bestOfArticle.forEach((article, score) -> articles.merge(article, score, Double::sum));
    }
}
