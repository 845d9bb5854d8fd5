package org.affinity.chat.knowledge.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.affinity.api.chat.ArticleHit;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.Jobs;
import org.affinity.api.vector.VectorIndex;

/**
 * Measures retrieval on labelled questions: for each question, the rank of the first article that
 * answers it, as hit@1, hit@3 and MRR (over the first 10). Runs the real knowledge base (keyword
 * index and vector collections, with whatever models it is given) outside OSGi; the unit test keeps a
 * floor on the shipped configuration and the benchmark compares the alternatives.
 */
public final class RetrievalEvaluation implements AutoCloseable {

    private static final int DEPTH = 10;

    /**
     * A labelled question.
     *
     * @param articles the articles that answer it; the first one should come first
     * @param set which collection of questions it belongs to ("en Bitext", "en written", "zh written")
     */
    public record Question(String set, String language, String intent, List<String> articles, String text) {
    }

    /**
     * One way of retrieving.
     *
     * @param intent whether the question's (labelled) intent is passed, as a classifier would
     * @param language whether the question's language is passed, or detected from its text
     */
    public record Variant(String name, TextAnalyzer.Options analysis, Passages.Unit unit, Fusion.Settings fusion,
            boolean intent, boolean language, double wrongIntents) {

        Variant(String name, TextAnalyzer.Options analysis, Passages.Unit unit, Fusion.Settings fusion, boolean intent,
                boolean language) {
            this(name, analysis, unit, fusion, intent, language, 0);
        }

        /** The shipped configuration with the fusion given. */
        static Variant of(String name, Fusion.Settings fusion, boolean intent) {
            return new Variant(name, TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH, fusion, intent, true);
        }

        /** With the intent, wrong for this share of the questions (a classifier errs). */
        static Variant noisy(String name, Fusion.Settings fusion, double wrongIntents) {
            return new Variant(name, TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH, fusion, true, true, wrongIntents);
        }
    }

    /** The shipped configuration: each retriever alone, fused, and fused with the question's intent. */
    public static List<Variant> shipped() {
        Fusion.Settings fused = Settings.DEFAULT_FUSION;
        return List.of(
                Variant.of("BM25 alone", keywordsOnly(fused), false),
                Variant.of("vectors alone", vectorsOnly(fused), false),
                Variant.of("fused (shipped)", fused, false),
                Variant.of("fused + intent (shipped)", fused, true),
                Variant.noisy("fused + intent, 10% of intents wrong (shipped)", fused, 0.1));
    }

    /** The shipped configuration and the alternatives it was chosen from, in groups. */
    public static List<Variant> comparisons() {
        Fusion.Settings fused = Settings.DEFAULT_FUSION;
        TextAnalyzer.Options shipped = TextAnalyzer.SHIPPED;
        Fusion.Settings keywords = keywordsOnly(fused);
        Fusion.Settings vectors = vectorsOnly(fused);
        List<Variant> variants = new ArrayList<>(shipped());
        // Keyword analysis and passage size.
        variants.add(new Variant("BM25, no stemming", new TextAnalyzer.Options(false, shipped.stopWords(), shipped.unigrams()),
                Passages.Unit.PARAGRAPH, keywords, false, true));
        variants.add(new Variant("BM25, no stop words", new TextAnalyzer.Options(shipped.stem(), false, shipped.unigrams()),
                Passages.Unit.PARAGRAPH, keywords, false, true));
        variants.add(new Variant("BM25, Chinese bigrams + single characters",
                new TextAnalyzer.Options(shipped.stem(), shipped.stopWords(), true), Passages.Unit.PARAGRAPH, keywords, false, true));
        variants.add(new Variant("BM25, whole sections as passages", shipped, Passages.Unit.SECTION, keywords, false, true));
        variants.add(new Variant("vectors, whole sections as passages", shipped, Passages.Unit.SECTION, vectors, false, true));
        variants.add(new Variant("fused, whole sections as passages", shipped, Passages.Unit.SECTION, fused, false, true));
        // Fusion, without an intent.
        for (double vectorWeight : new double[] {1, 2, 3}) {
            variants.add(Variant.of("RRF k=60, weights 1/" + (int) vectorWeight,
                    new Fusion.Settings(Fusion.Method.RRF, 60, 1, vectorWeight, fused.intentBoost()), false));
        }
        variants.add(Variant.of("RRF k=10, weights 1/1", new Fusion.Settings(Fusion.Method.RRF, 10, 1, 1, fused.intentBoost()), false));
        for (double keywordWeight : new double[] {0.5, 0.3, 0.2, 0.1}) {
            variants.add(Variant.of(String.format("scores %.1f/%.1f", keywordWeight, 1 - keywordWeight),
                    new Fusion.Settings(Fusion.Method.SCORES, fused.k(), keywordWeight, 1 - keywordWeight, fused.intentBoost()), false));
        }
        // The intent boost, with right intents and with 10% wrong ones.
        for (double boost : new double[] {0.25, 0.5, 1, 2}) {
            variants.add(Variant.of("intent boost " + boost, fused.withIntentBoost(boost), true));
            variants.add(Variant.noisy("intent boost " + boost + ", 10% wrong", fused.withIntentBoost(boost), 0.1));
        }
        variants.add(Variant.of("vectors alone + intent", vectors, true));
        variants.add(Variant.noisy("vectors alone + intent, 10% wrong", vectors, 0.1));
        variants.add(new Variant("fused, language detected (not given)", shipped, Passages.Unit.PARAGRAPH, fused, false, false));
        return variants;
    }

    private static Fusion.Settings keywordsOnly(Fusion.Settings fused) {
        return new Fusion.Settings(fused.method(), fused.k(), 1, 0, fused.intentBoost());
    }

    private static Fusion.Settings vectorsOnly(Fusion.Settings fused) {
        return new Fusion.Settings(fused.method(), fused.k(), 0, 1, fused.intentBoost());
    }

    /** The scores of a variant on one set of questions, and the questions it did not answer first. */
    public record Result(String variant, String set, int questions, double hitAt1, double hitAt3, double mrr,
            List<String> misses) {
    }

    private final Path work;
    private final Map<String, String> articles;
    private final EmbeddingModel english;
    private final EmbeddingModel chinese;
    private final Function<Path, VectorIndex> indexes;
    private final Jobs jobs;
    private final Map<String, Built> built = new HashMap<>();

    /**
     * @param articles the articles by id, as Markdown (the shipped defaults)
     * @param indexes opens a vector index in a folder (each configuration gets its own)
     */
    public RetrievalEvaluation(Path work, Map<String, String> articles, EmbeddingModel english, EmbeddingModel chinese,
            Function<Path, VectorIndex> indexes, Jobs jobs) {
        this.work = work;
        this.articles = articles;
        this.english = english;
        this.chinese = chinese;
        this.indexes = indexes;
        this.jobs = jobs;
    }

    /** The shipped articles, from this bundle's source folder (tests and benchmarks run in the workspace). */
    public static Map<String, String> shippedArticles(Path bundle) {
        return DefaultArticles.of(bundle.resolve("src/main/resources").resolve(DefaultArticles.FOLDER));
    }

    /** The labelled questions of this bundle's evaluation folder. */
    public static List<Question> questions(Path bundle) {
        Path folder = bundle.resolve("src/test/resources/evaluation");
        List<Question> questions = new ArrayList<>();
        questions.addAll(read(folder.resolve("bitext-questions.tsv"), "Bitext"));
        questions.addAll(read(folder.resolve("shop-questions.tsv"), "written"));
        return questions;
    }

    static List<Question> read(Path file, String source) {
        try {
            List<Question> questions = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 4) {
                    throw new IllegalArgumentException(file + " line " + number + ": expected 4 tab-separated columns");
                }
                questions.add(new Question(columns[0] + " " + source, columns[0], columns[1],
                        List.of(columns[2].split("\\|")), columns[3]));
            }
            return questions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages the articles do not answer (other topics, small talk, gibberish), by language. */
    public static List<Question> outOfScope(Path bundle) {
        try {
            List<Question> questions = new ArrayList<>();
            for (String line : Files.readAllLines(bundle.resolve("src/test/resources/evaluation/out-of-scope.tsv"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] columns = line.split("\t");
                    questions.add(new Question(columns[0] + " out of scope", columns[0], null, List.of(), columns[1]));
                }
            }
            return questions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cosine of the nearest passage to each question, by set, with the shipped configuration. */
    public Map<String, List<Double>> nearest(List<Question> questions) throws InterruptedException {
        Built base = base(shipped().get(0));
        Map<String, List<Double>> nearest = new LinkedHashMap<>();
        for (Question question : questions) {
            List<PassageScore> vectors = base.lists(question, true).vectors;
            nearest.computeIfAbsent(question.set(), s -> new ArrayList<>()).add(vectors.isEmpty() ? 0 : vectors.get(0).score());
        }
        return nearest;
    }

    /**
     * How long a whole search takes (embedding the question, both retrievals, fusion) with the shipped
     * configuration: every question once per round, in nanoseconds.
     */
    public long[] latencies(List<Question> questions, int rounds) throws InterruptedException {
        KnowledgeBase knowledge = base(shipped().get(0)).knowledge;
        long[] nanos = new long[questions.size() * rounds];
        int next = 0;
        for (int round = 0; round < rounds; round++) {
            for (Question question : questions) {
                long started = System.nanoTime();
                knowledge.search(question.text(), question.language(), question.intent(), 5);
                nanos[next++] = System.nanoTime() - started;
            }
        }
        return nanos;
    }

    /** Scores every variant on every set of the questions, in the order the variants are given. */
    public List<Result> evaluate(List<Variant> variants, List<Question> questions) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        for (Variant variant : variants) {
            Built base = base(variant);
            Map<String, List<Integer>> ranks = new LinkedHashMap<>();
            Map<String, List<String>> misses = new LinkedHashMap<>();
            List<String> intents = questions.stream().map(Question::intent).distinct().sorted().toList();
            for (Question question : questions) {
                Lists lists = base.lists(question, variant.language());
                List<ArticleHit> hits = base.knowledge.hits(lists.keywords, lists.vectors,
                        variant.intent() ? intent(question, variant.wrongIntents(), intents) : null, DEPTH, variant.fusion());
                int rank = 0;
                for (int i = 0; i < hits.size() && rank == 0; i++) {
                    if (question.articles().contains(hits.get(i).id())) {
                        rank = i + 1;
                    }
                }
                ranks.computeIfAbsent(question.set(), s -> new ArrayList<>()).add(rank);
                if (rank != 1) {
                    misses.computeIfAbsent(question.set(), s -> new ArrayList<>()).add(question.text() + " -> "
                            + (hits.isEmpty() ? "nothing" : hits.get(0).id()) + " (wanted " + question.articles().get(0)
                            + (rank == 0 ? ", not in the first " + DEPTH : ", at " + rank) + ")");
                }
            }
            ranks.forEach((set, list) -> results.add(new Result(variant.name(), set, list.size(),
                    share(list, 1), share(list, 3),
                    list.stream().mapToDouble(rank -> rank == 0 ? 0 : 1.0 / rank).average().orElse(0),
                    misses.getOrDefault(set, List.of()))));
        }
        return results;
    }

    /**
     * The question's intent, or for a fixed share of the questions (chosen by a hash of their text, so
     * every variant gets the same ones wrong) another intent of the set.
     */
    static String intent(Question question, double wrong, List<String> intents) {
        int hash = Math.floorMod(question.text().hashCode() * 31 + 7, 1000);
        if (hash >= wrong * 1000) {
            return question.intent();
        }
        int own = intents.indexOf(question.intent());
        return intents.get(Math.floorMod(own + 1 + hash % (intents.size() - 1), intents.size()));
    }

    private static double share(List<Integer> ranks, int depth) {
        return ranks.stream().filter(rank -> rank >= 1 && rank <= depth).count() / (double) ranks.size();
    }

    /** The knowledge base for a variant's analysis and passages, built once. */
    private Built base(Variant variant) throws InterruptedException {
        String key = (variant.analysis().stem() ? "stem" : "nostem") + "-" + (variant.analysis().stopWords() ? "stop" : "nostop")
                + "-" + (variant.analysis().unigrams() ? "uni" : "bi") + "-" + variant.unit().name().toLowerCase(java.util.Locale.ROOT);
        Built base = built.get(key);
        if (base == null) {
            Path folder = work.resolve(key);
            VectorIndex index = indexes.apply(folder.resolve("vectors"));
            Settings settings = Settings.defaults(folder.resolve("articles")).with(variant.analysis()).with(variant.unit());
            KnowledgeBase knowledge = new KnowledgeBase(index, jobs, settings);
            knowledge.activeModel(english);
            knowledge.chineseModel(chinese);
            knowledge.start(articles);
            knowledge.awaitVectors();
            base = new Built(knowledge, index, settings.candidates());
            built.put(key, base);
        }
        return base;
    }

    @Override
    public void close() throws Exception {
        for (Built base : built.values()) {
            base.knowledge.close();
            if (base.index instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        built.clear();
    }

    private record Lists(List<PassageScore> keywords, List<PassageScore> vectors) {
    }

    /** A knowledge base and the ranked lists it gave each question (fusion variants share them). */
    private static final class Built {
        final KnowledgeBase knowledge;
        final VectorIndex index;
        final int candidates;
        final Map<String, Lists> lists = new HashMap<>();

        Built(KnowledgeBase knowledge, VectorIndex index, int candidates) {
            this.knowledge = knowledge;
            this.index = index;
            this.candidates = candidates;
        }

        Lists lists(Question question, boolean languageGiven) {
            return lists.computeIfAbsent(question.text() + "\u0000" + question.language() + "\u0000" + languageGiven, k -> {
                String only = languageGiven ? question.language() : null;
                String asked = only != null ? only : Languages.detect(question.text());
                return new Lists(knowledge.keywords().search(question.text(), only, candidates),
                        knowledge.vectorsFor(asked).search(question.text(), only, candidates));
            });
        }
    }
}
