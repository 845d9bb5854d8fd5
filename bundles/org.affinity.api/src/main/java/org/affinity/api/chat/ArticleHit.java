package org.affinity.api.chat;

/**
 * An article that answers a question.
 *
 * @param passage the paragraph of the article that matched best (plain text)
 * @param score fused relevance, higher is better (comparable within one search only)
 */
public record ArticleHit(String id, String title, String language, String passage, double score) {
}
