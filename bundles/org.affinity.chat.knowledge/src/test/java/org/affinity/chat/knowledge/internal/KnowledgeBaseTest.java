package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.job.Jobs;
import org.affinity.api.vector.VectorCollection;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge base on real files, a real vector index and the real models. */
class KnowledgeBaseTest {

    private static OnnxEmbeddingModel english;
    private static OnnxEmbeddingModel chinese;
    private static Jobs jobs;

    @TempDir
    Path data;

    private LuceneVectorIndex vectors;
    private KnowledgeBase base;

    @BeforeAll
    static void models() throws Exception {
        english = TestModels.english();
        chinese = TestModels.chinese();
        jobs = TestModels.jobs();
    }

    @AfterAll
    static void close() {
        english.close();
        chinese.close();
    }

    @BeforeEach
    void open() throws Exception {
        vectors = new LuceneVectorIndex(data.resolve("vectors"), Tuning.defaults());
        base = start(Settings.defaults(folder()));
    }

    @AfterEach
    void stop() {
        base.close();
        vectors.close();
    }

    private Path folder() {
        return data.resolve("chat/articles");
    }

    private KnowledgeBase start(Settings settings) throws InterruptedException {
        KnowledgeBase started = new KnowledgeBase(vectors, jobs, settings);
        started.activeModel(english);
        started.chineseModel(chinese);
        started.start(TestModels.articles());
        started.awaitVectors();
        return started;
    }

    private KnowledgeBase restart(Settings settings) throws InterruptedException {
        base.close();
        base = start(settings);
        return base;
    }

    private static List<String> ids(List<ArticleHit> hits) {
        return hits.stream().map(ArticleHit::id).toList();
    }

    @Test
    void theDefaultsAreSeededOnceAndAnsweredInBothLanguages() throws Exception {
        int shipped = TestModels.articles().size();
        assertEquals(shipped, base.articles().size());
        assertTrue(Files.isRegularFile(folder().resolve("returns-and-refunds.md")));
        assertTrue(Files.isRegularFile(folder().resolve("returns-and-refunds.zh.md")));
        assertEquals(shipped / 2, base.articles().stream().filter(a -> a.language().equals("zh")).count());
        assertTrue(vectors.existing(KnowledgeBase.CHINESE_COLLECTION).orElseThrow().size() > shipped / 2);

        ArticleHit returns = base.search("How many days do I have to send something back?", "en", null, 3).get(0);
        assertEquals("returns-and-refunds", returns.id());
        assertEquals("Returns and refunds", returns.title());
        assertTrue(returns.passage().contains("30 days"), returns.passage());
        assertEquals("returns-and-refunds.zh", base.search("我想退货，多少天之内可以退？", "zh", null, 3).get(0).id());
        assertEquals("zh", base.search("我想退货", null, null, 1).get(0).language(), "the question's language chose the model");

        // A default the shop deleted stays deleted; a default the shop changed stays changed.
        assertTrue(base.delete("newsletter"));
        Files.writeString(folder().resolve("reviews.md"), "# Reviews\n\nWe do not take reviews.\n");
        restart(Settings.defaults(folder()));
        assertTrue(base.article("newsletter").isEmpty());
        assertEquals("We do not take reviews.", base.article("reviews").orElseThrow().body().lines().skip(2).findFirst().orElseThrow());
        assertEquals(shipped - 1, base.articles().size());
    }

    @Test
    void aStartInTheBackgroundMakesCallersWaitForTheArticlesOrSaysWhyThereAreNone() throws Exception {
        base.close();
        base = new KnowledgeBase(vectors, jobs, Settings.defaults(data.resolve("later")));
        base.startInBackground(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestModels.articles();
        });
        assertEquals(TestModels.articles().size(), base.articles().size(), "the call waited for the articles");
        assertEquals("password-recovery", base.search("I forgot my password", "en", null, 1).get(0).id());

        base.close();
        base = new KnowledgeBase(vectors, jobs, Settings.defaults(data.resolve("broken")));
        base.startInBackground(() -> {
            throw new IllegalStateException("the bundle's articles cannot be read");
        });
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> base.articles());
        assertTrue(error.getMessage().contains("the bundle's articles cannot be read"), error.getMessage());
    }

    @Test
    void withoutSeedingTheFolderStartsEmpty() throws Exception {
        Path other = data.resolve("elsewhere");
        base.close();
        base = new KnowledgeBase(vectors, jobs, new Settings(other, false, false, Settings.DEFAULT_FUSION, 50, 50,
                TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH));
        base.start(TestModels.articles());
        assertEquals(List.of(), base.articles());
        assertFalse(Files.exists(other.resolve(ArticleFolder.SEEDED)));
    }

    @Test
    void aPutIsAFileAndSearchableAtOnceAndADeleteTakesItAway() throws Exception {
        Article stored = base.put(new Article("parking", null, null, List.of("contact_customer_service"), List.of("visit"),
                "# Visiting our warehouse\n\nThere is free parking for six cars behind the loading bay.", null));
        assertEquals("Visiting our warehouse", stored.title());
        assertEquals("en", stored.language());
        assertNotNull(stored.updated());
        String file = Files.readString(folder().resolve("parking.md"), StandardCharsets.UTF_8);
        assertTrue(file.startsWith("---\ntitle: Visiting our warehouse\nlanguage: en\nintents: [contact_customer_service]\n"), file);

        assertEquals("parking", base.search("where can I park my car", "en", null, 1).get(0).id(), "vectors and keywords");
        VectorCollection collection = vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow();
        assertTrue(collection.get("parking#0").isPresent());

        assertTrue(base.delete("parking"));
        assertFalse(Files.exists(folder().resolve("parking.md")));
        assertTrue(collection.get("parking#0").isEmpty());
        assertFalse(ids(base.search("where can I park my car", "en", null, 10)).contains("parking"));
        assertFalse(base.delete("parking"), "nothing left to delete");
    }

    @Test
    void aChangedArticleReplacesItsPassagesAndMovesWhenItsLanguageChanges() throws Exception {
        base.put(new Article("parking", "Parking", "en", null, null, "Free parking behind the loading bay.\n\n"
                + "A second paragraph about opening hours of the car park, long enough to be a passage on its own here.", null));
        VectorCollection english = vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow();
        assertTrue(english.get("parking#0").isPresent());
        base.put(new Article("parking", "停车", "zh", null, null, "装卸区后面有免费停车位。", null));
        assertTrue(english.get("parking#0").isEmpty(), "gone from the English collection");
        assertTrue(vectors.existing(KnowledgeBase.CHINESE_COLLECTION).orElseThrow().get("parking#0").isPresent());
        assertEquals("parking", base.search("哪里可以停车", "zh", null, 1).get(0).id());
    }

    @Test
    void articlesAndVectorsSurviveARestart() throws Exception {
        base.put(new Article("parking", "Parking", "en", null, null, "Free parking behind the loading bay.", null));
        long stored = vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow().size();
        restart(Settings.defaults(folder()));
        assertEquals("Parking", base.article("parking").orElseThrow().title());
        assertEquals(stored, vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow().size());
        String report = jobs.list().get(0).result().toString();
        assertTrue(report.contains("0 embedded"), "nothing to embed again after a restart: " + report);
        assertEquals("parking", base.search("where can I park", "en", null, 1).get(0).id());
    }

    @Test
    void severalArticlesAreStoredAllOrNone() throws Exception {
        Article good = new Article("opening-hours", "Opening hours", "en", null, null, "Monday to Friday.", null);
        RejectedException rejected = assertThrows(RejectedException.class, () -> base.putAll(List.of(good,
                new Article("Bad Id", "T", "en", null, null, "text", null),
                new Article("no-body", "T", "en", null, null, "  ", null),
                new Article("opening-hours", "Again", "en", null, null, "text", null))));
        assertEquals(List.of(2L, 3L, 4L), rejected.rejections().stream().map(Rejection::line).toList());
        assertEquals(List.of("id", "body", "id"), rejected.rejections().stream().map(Rejection::field).toList());
        assertTrue(base.article("opening-hours").isEmpty(), "nothing stored");
        assertFalse(Files.exists(folder().resolve("opening-hours.md")));

        List<Article> stored = base.putAll(List.of(good, new Article("holidays", "Bank holidays", "en", null, null,
                "We are closed on bank holidays.", null)));
        assertEquals(2, stored.size());
        assertEquals("holidays", base.search("are you open on bank holidays", "en", null, 1).get(0).id());
    }

    @Test
    void handEditsInTheFolderAreReadAgain() throws Exception {
        Files.writeString(folder().resolve("parking.md"), "# Parking\n\nFree parking behind the loading bay.\n");
        base.rescan();
        assertEquals("parking", base.search("where can I park my car", "en", null, 1).get(0).id());

        // A broken edit keeps the last good version; removing the file removes the article.
        Files.writeString(folder().resolve("parking.md"), "---\ntitle: Parking\n");
        base.rescan();
        assertEquals("Parking", base.article("parking").orElseThrow().title());
        Files.delete(folder().resolve("parking.md"));
        base.rescan();
        assertTrue(base.article("parking").isEmpty());
        assertTrue(vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow().get("parking#0").isEmpty());
    }

    @Test
    void theFolderWatchReadsAFileSavedByHand() throws Exception {
        restart(new Settings(folder(), true, true, Settings.DEFAULT_FUSION, 50, 50, TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH));
        Files.writeString(folder().resolve("parking.md"), "# Parking\n\nFree parking behind the loading bay.\n");
        long end = System.nanoTime() + 10_000_000_000L;
        while (base.article("parking").isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(base.article("parking").isPresent(), "the watch read the new file");
    }

    @Test
    void aModelSwitchReembedsTheCollectionAndSearchesKeepAnsweringMeanwhile() throws Exception {
        assertEquals(TestModels.ENGLISH, vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow().modelId());

        base.activeModelGone(english);
        List<ArticleHit> keywordsOnly = base.search("how do I reset my password", "en", null, 1);
        assertEquals("password-recovery", keywordsOnly.get(0).id(), "without a model, keywords answer");

        base.activeModel(chinese);   // the shop switches to bge-small-zh, which reads English too
        base.awaitVectors();
        VectorCollection switched = vectors.existing(KnowledgeBase.ACTIVE_COLLECTION).orElseThrow();
        assertEquals(TestModels.CHINESE, switched.modelId(), "the collection records the model that made it");
        assertEquals(512, switched.dimension());
        long passages = base.articles().stream().filter(a -> !a.language().equals("zh"))
                .mapToLong(a -> Passages.split(a).size()).sum();
        assertEquals(passages, switched.size());
        assertEquals("password-recovery", base.search("i forgot my password", "en", null, 1).get(0).id());

        String report = TestModels.finish(base.reembed()).result().toString();
        assertTrue(report.contains(passages + " embedded"), report);
    }
}
