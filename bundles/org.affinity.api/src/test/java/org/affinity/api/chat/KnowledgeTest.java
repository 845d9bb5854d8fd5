package org.affinity.api.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.junit.jupiter.api.Test;

class KnowledgeTest {

    /** Articles in a map; an article without a title is refused. Only the default putAll. */
    static final class MapKnowledge implements Knowledge {
        final Map<String, Article> articles = new TreeMap<>();

        @Override
        public List<Article> articles() {
            return List.copyOf(articles.values());
        }

        @Override
        public Optional<Article> article(String id) {
            return Optional.ofNullable(articles.get(id));
        }

        @Override
        public Article parse(String id, String markdown) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Article put(Article article) {
            if (article.title() == null) {
                throw new RejectedException("refused", List.of(new Rejection(1, "title", "the title is missing")));
            }
            articles.put(article.id(), article);
            return article;
        }

        @Override
        public boolean delete(String id) {
            return articles.remove(id) != null;
        }

        @Override
        public List<ArticleHit> search(String query, String language, String intent, int count) {
            return List.of();
        }
    }

    private static Article article(String id, String title) {
        return new Article(id, title, "en", null, null, "text", null);
    }

    @Test
    void theDefaultPutAllStoresAllOrPutsBackWhatItChanged() {
        MapKnowledge knowledge = new MapKnowledge();
        knowledge.put(article("kept", "Old title"));
        RejectedException rejected = assertThrows(RejectedException.class, () -> knowledge.putAll(List.of(
                article("kept", "New title"), article("new", "New"), article("bad", null), article("worse", null))));
        assertEquals(List.of(3L, 4L), rejected.rejections().stream().map(Rejection::line).toList());
        assertEquals(List.of(article("kept", "Old title")), knowledge.articles(), "the replaced article is back, the new one gone");

        assertEquals(2, knowledge.putAll(List.of(article("kept", "New title"), article("new", "New"))).size());
        assertEquals("New title", knowledge.article("kept").orElseThrow().title());
    }
}
