package org.affinity.api.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The shop's FAQ and policy articles, kept in the data folder and indexed for hybrid retrieval
 * (BM25 keywords and embedding vectors, fused), in every language the articles are written in.
 */
@ProviderType
public interface Knowledge {

    /** Every article, ordered by id. */
    List<Article> articles();

    Optional<Article> article(String id);

    /**
     * Reads an article from Markdown: an optional front matter block between {@code ---} lines with
     * {@code title}, {@code language}, {@code intents} and {@code tags}; otherwise the first
     * {@code # heading} is the title and the language is detected from the text.
     *
     * @throws RejectedException naming the line of every problem
     */
    Article parse(String id, String markdown);

    /**
     * Adds or replaces an article; it is searchable when this returns.
     *
     * @throws RejectedException when the id, title, language or body is unusable
     */
    Article put(Article article);

    /**
     * Adds or replaces several articles at once, all or none: every problem of every article is
     * reported (a {@link org.affinity.api.ingest.Rejection}'s line is the 1-based position in the
     * list), and nothing is stored unless all are usable.
     *
     * <p>
     * This default puts them one by one and, when any is refused, puts back what the others replaced
     * (or deletes what they added) before it throws; implementations check them all before storing any.
     *
     * @throws RejectedException naming every problem
     * @since 2.1
     */
    default List<Article> putAll(List<Article> articles) {
        List<Rejection> problems = new ArrayList<>();
        Map<String, Optional<Article>> before = new LinkedHashMap<>();
        List<Article> stored = new ArrayList<>();
        for (int i = 0; i < articles.size(); i++) {
            Article article = articles.get(i);
            before.putIfAbsent(article.id(), article(article.id()));
            try {
                stored.add(put(article));
            } catch (RejectedException e) {
                for (Rejection problem : e.rejections()) {
                    problems.add(new Rejection(i + 1, problem.field(), problem.reason()));
                }
            }
        }
        if (problems.isEmpty()) {
            return stored;
        }
        before.forEach((id, previous) -> {
            if (previous.isPresent()) {
                put(previous.get());
            } else {
                delete(id);
            }
        });
        throw new RejectedException("no article was stored", problems);
    }

    boolean delete(String id);

    /**
     * The articles that best answer {@code query}, best first.
     *
     * @param language only articles in this language ("en", "zh"), or null for any
     * @param intent an intent the question was classified as, or null: articles listing it rank higher
     */
    List<ArticleHit> search(String query, String language, String intent, int count);
}
