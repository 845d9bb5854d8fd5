package org.affinity.api.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A knowledge-base article.
 *
 * @param id a slug: lower-case letters, digits, '-' and '_' ("returns-policy", "returns-policy.zh")
 * @param language "en", "zh", ...
 * @param intents the intents it answers (e.g. "check_refund_policy"), possibly none
 * @param body Markdown, without its front matter
 * @param updated when it was last stored, or null before
 */
public record Article(String id, String title, String language, List<String> intents, List<String> tags, String body,
        Instant updated) {

    public Article {
        Objects.requireNonNull(id, "id");
        intents = intents == null ? List.of() : List.copyOf(intents);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
