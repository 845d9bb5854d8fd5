package org.affinity.chat.knowledge.internal;

/**
 * A searchable piece of an article: one paragraph (or list, or table) with the heading of its section.
 *
 * @param number 0-based position in the article
 * @param heading the section's heading path ("Refunds › Damaged goods"), empty before the first heading
 * @param text plain text, what a chat quotes
 */
record Passage(String articleId, int number, String heading, String text) {

    /** The id of its vector entry. */
    String id() {
        return id(articleId, number);
    }

    static String id(String articleId, int number) {
        return articleId + "#" + number;
    }

    /** What is embedded and keyword-indexed: the passage in its context (title and section). */
    String context(String title) {
        StringBuilder text = new StringBuilder(title);
        if (!heading.isEmpty() && !heading.equalsIgnoreCase(title)) {
            text.append(" › ").append(heading);
        }
        return text.append('\n').append(this.text).toString();
    }
}
