package org.affinity.chat.internal;

import java.util.ArrayList;
import java.util.List;

import java.util.Optional;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Knowledge;

/** A knowledge base for dialogue tests: one article per intent and language, found by the intent alone. */
final class ArticlesByIntent implements Knowledge {

    private final List<Article> articles = new ArrayList<>();
    final List<String> searched = new ArrayList<>();

    ArticlesByIntent add(String id, String language, String intent, String title, String body) {
        articles.add(new Article(id, title, language, List.of(intent), List.of(), body, null));
        return this;
    }

    @Override
    public List<ArticleHit> search(String query, String language, String intent, int count) {
        searched.add(intent + ":" + language);
        return articles.stream().filter(a -> a.intents().contains(intent) && (language == null || a.language().equals(language)))
                .limit(count).map(a -> new ArticleHit(a.id(), a.title(), a.language(), a.body(), 1.0)).toList();
    }

    @Override
    public List<Article> articles() {
        return List.copyOf(articles);
    }

    @Override
    public Optional<Article> article(String id) {
        return articles.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public Article parse(String id, String markdown) {
        throw new IllegalStateException("not in dialogue tests");
    }

    @Override
    public Article put(Article article) {
        articles.add(article);
        return article;
    }

    @Override
    public boolean delete(String id) {
        return articles.removeIf(a -> a.id().equals(id));
    }

}
