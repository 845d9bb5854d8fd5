package org.affinity.chat.knowledge.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.affinity.api.chat.Article;

/**
 * The articles as they are now, each with its passages. Never changed: every write makes a new
 * shelf, so searches read one consistent state without a lock.
 */
final class Shelf {

    /** An article and the passages it was split into. */
    record Shelved(Article article, java.util.List<Passage> passages) {
    }

    static final Shelf EMPTY = new Shelf(new TreeMap<>());

    private final TreeMap<String, Shelved> articles;

    private Shelf(TreeMap<String, Shelved> articles) {
        this.articles = articles;
    }

    Shelf with(Shelved shelved) {
        TreeMap<String, Shelved> next = new TreeMap<>(articles);
        next.put(shelved.article().id(), shelved);
        return new Shelf(next);
    }

    Shelf without(String id) {
        TreeMap<String, Shelved> next = new TreeMap<>(articles);
        next.remove(id);
        return new Shelf(next);
    }

    Optional<Shelved> get(String id) {
        return Optional.ofNullable(articles.get(id));
    }

    /** Ordered by id. */
    Collection<Shelved> all() {
        return articles.values();
    }

    int size() {
        return articles.size();
    }

    /** The passage with this vector id ("returns-and-refunds#2"), if its article still has it. */
    Optional<Passage> passage(String passageId) {
        int hash = passageId.lastIndexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        Shelved shelved = articles.get(passageId.substring(0, hash));
        try {
            int number = Integer.parseInt(passageId.substring(hash + 1));
            return shelved == null || number >= shelved.passages().size() ? Optional.empty()
                    : Optional.of(shelved.passages().get(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Map<String, Shelved> asMap() {
        return java.util.Collections.unmodifiableMap(articles);
    }
}
