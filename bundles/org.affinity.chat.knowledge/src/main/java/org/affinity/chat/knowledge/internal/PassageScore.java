package org.affinity.chat.knowledge.internal;

/** A passage found by one retriever: its score is comparable only within that retriever's list. */
record PassageScore(String passageId, String articleId, double score) {
}
