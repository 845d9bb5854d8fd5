package org.affinity.chat.knowledge.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.vector.VectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base: the articles folder, the keyword index and the two vector collections kept
 * in step, and searches over them. Writes (put, delete, a folder change, a vector catch-up) take
 * one lock, in the order file, keywords, shelf, vectors; searches take none and read the shelf, the
 * keyword index and the vectors as each is at that moment. Works without OSGi (tests, benchmarks).
 */
final class KnowledgeBase implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);
    /** The vector collection of the articles the shop's active model embeds. */
    static final String ACTIVE_COLLECTION = "articles";
    /** The vector collection of the Chinese articles, embedded by the Chinese model. */
    static final String CHINESE_COLLECTION = "articles-zh";
    static final int MAX_QUERY = 2000;

    private final ArticleFolder folder;
    private final Jobs jobs;
    private final Settings settings;
    /** Made by {@link #start}: opening Lucene's first index costs a second, which a constructor should not. */
    private volatile KeywordIndex keywords;
    private final PassageVectors active;
    private final PassageVectors chinese;
    private final Object lock = new Object();
    private final List<Job> submitted = new CopyOnWriteArrayList<>();
    private volatile Shelf shelf = Shelf.EMPTY;
    private volatile boolean started;
    private volatile boolean closed;
    /** Counted down once the articles are read (or could not be): every call waits for it. */
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile RuntimeException failure;
    private FolderWatch watch;   // guarded by lock

    KnowledgeBase(VectorIndex vectors, Jobs jobs, Settings settings) {
        this.folder = new ArticleFolder(settings.folder());
        this.jobs = jobs;
        this.settings = settings;
        this.active = new PassageVectors(ACTIVE_COLLECTION, vectors, language -> !Languages.CHINESE.equals(language));
        this.chinese = new PassageVectors(CHINESE_COLLECTION, vectors, Languages.CHINESE::equals);
    }

    /**
     * {@link #start} on a thread of its own: a platform start never waits for this bundle's files and
     * Lucene's first use (seconds on a busy machine). Calls made meanwhile wait until it is done.
     */
    void startInBackground(Supplier<Map<String, String>> defaults) {
        Thread loader = new Thread(() -> {
            try {
                start(defaults.get());
            } catch (RuntimeException e) {
                failure = e;
                LOG.error("the knowledge base could not read its articles from {}", folder.dir(), e);
            } finally {
                loaded.countDown();
            }
        }, "affinity-knowledge-start");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * Seeds the defaults (when configured), reads the folder and indexes every article for keywords;
     * the vectors follow as jobs, so a start never waits for a model.
     */
    void start(Map<String, String> defaults) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            keywords = new KeywordIndex(settings.analysis());
            if (settings.seedDefaults()) {
                List<String> seeded = folder.seed(defaults);
                if (!seeded.isEmpty()) {
                    LOG.info("seeded {} default articles into {}", seeded.size(), folder.dir());
                }
            }
            ArticleFolder.Contents contents = folder.read();
            contents.problems().forEach(problem -> LOG.warn("article not loaded: {}", problem));
            for (Article article : contents.articles()) {
                apply(article, false);
            }
            keywords.refresh();
            started = true;
            loaded.countDown();
            LOG.info("knowledge base: {} articles ({}) from {}", shelf.size(), languages(), folder.dir());
            if (settings.watchFolder()) {
                try {
                    watch = new FolderWatch(folder.dir(), this::rescan);
                } catch (IOException e) {
                    LOG.warn("cannot watch {} for hand edits ({}); they are read at the next start", folder.dir(), e.toString());
                }
            }
        }
        catchUpIfModel(active);
        catchUpIfModel(chinese);
    }

    List<Article> articles() {
        awaitLoaded();
        return shelf.all().stream().map(Shelf.Shelved::article).toList();
    }

    Optional<Article> article(String id) {
        awaitLoaded();
        return shelf.get(id).map(Shelf.Shelved::article);
    }

    Article put(Article article) {
        Article complete = ArticleMarkdown.complete(article, 1);
        awaitLoaded();
        synchronized (lock) {
            checkOpen();
            Article stored = folder.write(complete);
            apply(stored, true);
            keywords.refresh();
            return stored;
        }
    }

    /**
     * Stores every article or none: all are checked first (problems at their 1-based position), and
     * files already written are put back when a later one cannot be written.
     */
    List<Article> putAll(List<Article> articles) {
        List<Rejection> problems = new ArrayList<>();
        List<Article> complete = new ArrayList<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < articles.size(); i++) {
            Article article = articles.get(i);
            Integer earlier = positions.putIfAbsent(article.id(), i + 1);
            if (earlier != null) {
                problems.add(new Rejection(i + 1, "id", "the id '" + article.id() + "' is given twice (first at " + earlier + ")"));
                continue;
            }
            try {
                complete.add(ArticleMarkdown.complete(article, i + 1));
            } catch (RejectedException e) {
                problems.addAll(e.rejections());
            }
        }
        if (articles.isEmpty()) {
            problems.add(new Rejection(1, null, "no articles given"));
        }
        if (!problems.isEmpty()) {
            throw new RejectedException("no article was stored", problems);
        }
        awaitLoaded();
        synchronized (lock) {
            checkOpen();
            Map<String, byte[]> before = new LinkedHashMap<>();
            List<Article> stored = new ArrayList<>();
            try {
                for (Article article : complete) {
                    before.put(article.id(), folder.snapshot(article.id()));
                    stored.add(folder.write(article));
                }
            } catch (RuntimeException e) {
                before.forEach(folder::restore);
                throw e;
            }
            stored.forEach(article -> apply(article, true));
            keywords.refresh();
            return stored;
        }
    }

    boolean delete(String id) {
        if (ArticleRules.id(id) != null) {
            return false; // no article can have this id (and it may be no file name at all, e.g. too long)
        }
        awaitLoaded();
        synchronized (lock) {
            checkOpen();
            boolean existed = folder.delete(id) | shelf.get(id).isPresent();
            remove(id);
            keywords.refresh();
            return existed;
        }
    }

    /**
     * The articles that best answer a question, best first, each with its best passage.
     *
     * @param language only articles in this language, or null for any (the question's own language
     *        then chooses which model embeds it)
     */
    List<ArticleHit> search(String query, String language, String intent, int count) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        if (query.length() > MAX_QUERY) {
            throw new IllegalArgumentException("the question must be at most " + MAX_QUERY + " characters, was " + query.length());
        }
        if (count < 1 || count > settings.maxResults()) {
            throw new IllegalArgumentException("count must be between 1 and " + settings.maxResults() + ", was " + count);
        }
        String only = null;
        if (language != null && !language.isBlank()) {
            only = Languages.normalise(language);
            if (only == null) {
                throw new IllegalArgumentException("the language must be a language code such as en or zh, was '" + language + "'");
            }
        }
        awaitLoaded();
        String text = query.strip();
        String asked = only != null ? only : Languages.detect(text);
        PassageVectors vectors = chinese.holds(asked) ? chinese : active;
        List<PassageScore> byKeywords = keywords.search(text, only, settings.candidates());
        List<PassageScore> byVectors = vectors.search(text, only, settings.candidates());
        return hits(byKeywords, byVectors, intent, count, settings.fusion());
    }

    /** The fused ranking as hits; also what the evaluation calls with other fusion settings. */
    List<ArticleHit> hits(List<PassageScore> byKeywords, List<PassageScore> byVectors, String intent, int count,
            Fusion.Settings fusion) {
        Shelf now = shelf;
        List<ArticleHit> hits = new ArrayList<>();
        for (Fusion.Fused fused : Fusion.fuse(byKeywords, byVectors, intent,
                id -> now.get(id).map(s -> s.article().intents().contains(intent)).orElse(false), fusion)) {
            Optional<Shelf.Shelved> shelved = now.get(fused.articleId());
            Optional<Passage> passage = now.passage(fused.passageId());
            if (shelved.isEmpty() || passage.isEmpty()) {
                continue;   // deleted since its vectors were found
            }
            Article article = shelved.get().article();
            hits.add(new ArticleHit(article.id(), article.title(), article.language(), passage.get().text(), fused.score()));
            if (hits.size() == count) {
                break;
            }
        }
        return hits;
    }

    KeywordIndex keywords() {
        return keywords;
    }

    PassageVectors vectorsFor(String language) {
        return chinese.holds(language) ? chinese : active;
    }

    // --- models ----------------------------------------------------------------------------------

    void activeModel(EmbeddingModel model) {
        active.model(model);
        if (started) {
            catchUpIfModel(active);
        }
    }

    void activeModelGone(EmbeddingModel model) {
        active.modelGone(model);
    }

    void chineseModel(EmbeddingModel model) {
        chinese.model(model);
        if (started) {
            catchUpIfModel(chinese);
        }
    }

    void chineseModelGone(EmbeddingModel model) {
        chinese.modelGone(model);
    }

    /** Embeds every passage of the active model's collection again. */
    Job reembed() {
        if (active.model() == null) {
            throw new IllegalStateException("no active embedding model: nothing to embed the articles with");
        }
        return catchUp(active, true);
    }

    /** Waits for the vector jobs submitted so far (tests, benchmarks). */
    void awaitVectors() throws InterruptedException {
        for (Job job : submitted) {
            job.await(java.time.Duration.ofMinutes(5));
        }
    }

    private void catchUpIfModel(PassageVectors vectors) {
        if (vectors.model() != null && !closed) {
            catchUp(vectors, false);
        }
    }

    private Job catchUp(PassageVectors vectors, boolean force) {
        String title = (force ? "re-embedding" : "catching up") + " the knowledge passages in '" + vectors.name()
                + "' with " + vectors.model().id();
        Job job = jobs.submit("knowledge", title, context -> {
            synchronized (lock) {
                if (closed) {
                    return "the knowledge base was stopped";
                }
                PassageVectors.SyncReport report = vectors.sync(shelf, force, context);
                context.message(report.toString());
                LOG.info("knowledge vectors {}", report);
                return report.toString();
            }
        });
        submitted.removeIf(earlier -> earlier.status().state().finished());
        submitted.add(job);
        return job;
    }

    // --- the folder ------------------------------------------------------------------------------

    /** Reads the folder again after a hand edit: changed, new and removed files take effect. */
    void rescan() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            ArticleFolder.Contents contents = folder.read();
            contents.problems().forEach(problem -> LOG.warn("article file not usable, the last good version stays: {}", problem));
            Set<String> present = new HashSet<>(contents.unreadable());
            int changed = 0;
            for (Article article : contents.articles()) {
                present.add(article.id());
                Optional<Article> current = shelf.get(article.id()).map(Shelf.Shelved::article);
                if (current.isEmpty() || !sameContent(current.get(), article)) {
                    apply(article, true);
                    changed++;
                }
            }
            for (Shelf.Shelved shelved : List.copyOf(shelf.all())) {
                if (!present.contains(shelved.article().id())) {
                    remove(shelved.article().id());
                    changed++;
                }
            }
            if (changed > 0) {
                keywords.refresh();
                LOG.info("knowledge base: {} articles changed in {}", changed, folder.dir());
            }
        }
    }

    private static boolean sameContent(Article a, Article b) {
        return a.title().equals(b.title()) && a.language().equals(b.language()) && a.intents().equals(b.intents())
                && a.tags().equals(b.tags()) && a.body().equals(b.body());
    }

    /** Indexes an article (not yet visible to keyword searches: refresh after). Holding the lock. */
    private void apply(Article article, boolean embedNow) {
        List<Passage> passages = Passages.split(article, settings.unit());
        Optional<Shelf.Shelved> previous = shelf.get(article.id());
        keywords.replace(article, passages);
        shelf = shelf.with(new Shelf.Shelved(article, passages));
        PassageVectors target = vectorsFor(article.language());
        int previousCount = 0;
        if (previous.isPresent()) {
            PassageVectors before = vectorsFor(previous.get().article().language());
            if (before != target) {
                before.delete(article.id(), previous.get().passages().size());
            } else {
                previousCount = previous.get().passages().size();
            }
        }
        if (embedNow) {
            target.write(article, passages, previousCount);
        }
    }

    private void remove(String id) {
        Optional<Shelf.Shelved> previous = shelf.get(id);
        keywords.delete(id);
        shelf = shelf.without(id);
        previous.ifPresent(p -> vectorsFor(p.article().language()).delete(id, p.passages().size()));
    }

    private Map<String, Long> languages() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        shelf.all().forEach(s -> counts.merge(s.article().language(), 1L, Long::sum));
        return counts;
    }

    /** Waits (a minute at most) until the articles are read: a caller right after a start gets them all. */
    private void awaitLoaded() {
        try {
            if (!loaded.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the knowledge base is still reading its articles from " + folder.dir());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the knowledge base read its articles", e);
        }
        if (failure != null) {
            throw new IllegalStateException("the knowledge base could not read its articles: " + failure.getMessage(), failure);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the knowledge base was stopped");
        }
    }

    @Override
    public void close() {
        closed = true;
        submitted.forEach(Job::cancel);
        synchronized (lock) {
            if (watch != null) {
                watch.close();
            }
            if (keywords != null) {
                keywords.close();
            }
        }
    }
}
