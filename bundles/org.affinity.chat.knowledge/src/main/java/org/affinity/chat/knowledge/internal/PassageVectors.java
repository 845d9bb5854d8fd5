package org.affinity.chat.knowledge.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.affinity.api.chat.Article;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.JobContext;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorIndex;
import org.affinity.api.vector.VectorQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passage vectors of the articles one model embeds, in one collection of the shared vector
 * index ({@code articles} for the shop's active model, {@code articles-zh} for the Chinese one).
 * The collection records the model that made it; a search embeds the question with the same model
 * or not at all, so vectors of two models are never compared. Writes happen under the knowledge
 * base's lock; searches read the volatile fields once and use what they read.
 */
final class PassageVectors {

    private static final Logger LOG = LoggerFactory.getLogger(PassageVectors.class);
    static final String ARTICLE = "article";
    static final String LANGUAGE = "language";
    static final String HASH = "hash";
    private static final int BATCH = 64;

    private final String name;
    private final VectorIndex index;
    private final Predicate<String> languages;
    private volatile EmbeddingModel model;
    private volatile VectorCollection collection;

    /** @param languages which article languages this collection holds */
    PassageVectors(String name, VectorIndex index, Predicate<String> languages) {
        this.name = name;
        this.index = index;
        this.languages = languages;
    }

    String name() {
        return name;
    }

    boolean holds(String language) {
        return languages.test(language);
    }

    EmbeddingModel model() {
        return model;
    }

    /** The model changed (or came back): the next write or sync opens the collection for it. */
    void model(EmbeddingModel next) {
        model = next;
    }

    void modelGone(EmbeddingModel gone) {
        if (model == gone) {
            model = null;
        }
    }

    /** The model whose vectors the collection holds now, if it is open. */
    Optional<String> collectionModel() {
        VectorCollection open = collection;
        return open == null ? Optional.empty() : Optional.of(open.modelId());
    }

    /**
     * Embeds and stores the passages of an article, removing the entries of passages it no longer
     * has. Returns false when no model is bound (a later sync catches up).
     */
    boolean write(Article article, List<Passage> passages, int previousCount) {
        EmbeddingModel current = model;
        if (current == null) {
            return false;
        }
        try {
            VectorCollection target = open(current);
            List<String> texts = passages.stream().map(p -> p.context(article.title())).toList();
            List<float[]> vectors = texts.isEmpty() ? List.of() : current.embedAll(texts);
            for (int i = 0; i < passages.size(); i++) {
                target.upsert(entry(article, passages.get(i), texts.get(i), vectors.get(i)));
            }
            for (int gone = passages.size(); gone < previousCount; gone++) {
                target.delete(Passage.id(article.id(), gone));
            }
            return true;
        } catch (IllegalStateException e) {   // ModelUnavailableException too
            LOG.info("passages of '{}' not embedded now ({}): the next catch-up embeds them", article.id(), e.getMessage());
            return false;
        }
    }

    void delete(String articleId, int count) {
        VectorCollection open = collection;
        if (open == null) {
            return;
        }
        try {
            for (int number = 0; number < count; number++) {
                open.delete(Passage.id(articleId, number));
            }
        } catch (IllegalStateException e) {
            LOG.info("vectors of '{}' not deleted now ({}): the next catch-up drops them", articleId, e.getMessage());
        }
    }

    /**
     * Puts the collection in step with the articles: opens it for the model (emptying one another
     * model made), embeds what is missing or changed (everything when {@code force}), and rebuilds it
     * when it holds entries of passages that no longer exist.
     */
    SyncReport sync(Shelf shelf, boolean force, JobContext context) {
        EmbeddingModel current = model;
        if (current == null) {
            return new SyncReport(name, null, 0, 0, 0, 0);
        }
        VectorCollection target = open(current);
        List<Shelf.Shelved> held = shelf.all().stream().filter(s -> holds(s.article().language())).toList();
        List<Pending> todo = new ArrayList<>();
        long present = 0;
        int passages = 0;
        for (Shelf.Shelved shelved : held) {
            for (Passage passage : shelved.passages()) {
                passages++;
                String text = passage.context(shelved.article().title());
                Optional<VectorEntry> entry = target.get(passage.id());
                present += entry.isPresent() ? 1 : 0;
                if (force || entry.isEmpty() || !hash(text).equals(entry.get().fields().get(HASH))
                        || !shelved.article().language().equals(entry.get().fields().get(LANGUAGE))) {
                    todo.add(new Pending(shelved.article(), passage, text));
                }
            }
        }
        long orphans = target.size() - present;
        if (orphans > 0) {
            LOG.info("vector collection '{}' holds {} entries of passages that are gone: rebuilding it", name, orphans);
            index.drop(name);
            collection = null;
            target = open(current);
            todo.clear();
            for (Shelf.Shelved shelved : held) {
                for (Passage passage : shelved.passages()) {
                    todo.add(new Pending(shelved.article(), passage, passage.context(shelved.article().title())));
                }
            }
        }
        context.total(todo.size(), "passages");
        context.message(String.format("embedding %d of %d passages into '%s' with %s", todo.size(), passages, name, current.id()));
        List<VectorEntry> entries = new ArrayList<>();
        for (int from = 0; from < todo.size(); from += BATCH) {
            context.checkCancelled();
            List<Pending> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
            List<float[]> vectors = current.embedAll(batch.stream().map(Pending::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                entries.add(entry(pending.article(), pending.passage(), pending.text(), vectors.get(i)));
            }
            context.done(from + batch.size());
        }
        if (!entries.isEmpty()) {
            target.upsertAll(entries);
        }
        target.commit();
        return new SyncReport(name, current.id(), passages, todo.size(), passages - todo.size(), Math.max(0, orphans));
    }

    /** The k passages nearest the question, best first; none without a model or while the collection is being opened. */
    List<PassageScore> search(String query, String language, int k) {
        EmbeddingModel current = model;
        VectorCollection open = collection;
        if (current == null || open == null || !open.modelId().equals(current.id())) {
            return List.of();
        }
        try {
            float[] vector = current.embed(query);
            Map<String, Set<String>> filter = language == null ? null : Map.of(LANGUAGE, Set.of(language));
            List<PassageScore> hits = new ArrayList<>();
            for (VectorHit hit : open.search(new VectorQuery(vector, k, filter, null))) {
                hits.add(new PassageScore(hit.id(), String.valueOf(hit.fields().get(ARTICLE)), hit.score()));
            }
            return hits;
        } catch (IllegalStateException e) {   // ModelUnavailableException too
            // The model is being switched or the collection rebuilt: keywords answer alone this once.
            LOG.debug("no vector search in '{}' now: {}", name, e.getMessage());
            return List.of();
        }
    }

    private VectorCollection open(EmbeddingModel current) {
        VectorCollection open = collection;
        if (open == null || !open.modelId().equals(current.id()) || open.dimension() != current.dimension()) {
            open = index.open(name, current.id(), current.dimension());
            collection = open;
        }
        return open;
    }

    private static VectorEntry entry(Article article, Passage passage, String text, float[] vector) {
        return new VectorEntry(passage.id(), vector, Map.of(ARTICLE, article.id(), LANGUAGE, article.language(), HASH, hash(text)));
    }

    static String hash(String text) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Pending(Article article, Passage passage, String text) {
    }

    /** What a sync did. */
    record SyncReport(String collection, String modelId, int passages, int embedded, int kept, long orphans) {

        @Override
        public String toString() {
            return modelId == null ? "'" + collection + "': no model to embed with"
                    : String.format("'%s' (%s): %d passages, %d embedded, %d kept%s", collection, modelId, passages,
                            embedded, kept, orphans > 0 ? ", rebuilt (" + orphans + " stale entries)" : "");
        }
    }
}
