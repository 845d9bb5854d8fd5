package org.affinity.chat.intent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.JobContext;

/**
 * Trains a set from checked examples ({@link Validation#examples}): reads each example's language,
 * embeds every text with its language's model, holds out a stratified 20% (per language and intent)
 * to measure a first model and calibrate its temperature, and fits the final model on everything
 * (both fits run side by side). The final heads take the temperature the measured heads were
 * calibrated to: they are fit the same way on a quarter more of the same data.
 */
public final class IntentTraining {

    /** The model that reads a language now, or null when there is none. */
    @FunctionalInterface
    public interface Models {
        EmbeddingModel model(String language);
    }

    /** The model, its held-out measurements, and what the job should tell people (skipped languages). */
    public record Result(IntentModel model, IntentMetrics metrics, List<String> notes) {
    }

    public static final double HELD_OUT = 0.2;
    private static final long SPLIT_SEED = 7;
    /** Texts per embedAll call: small enough to report progress and notice a cancel often. */
    private static final int CHUNK = 64;
    private static final int CONFUSED_PAIRS = 10;

    private IntentTraining() {
    }

    /**
     * @param background out-of-scope texts (other topics, gibberish): where each head draws the line
     *        past which a text counts as unlike its examples; empty leaves the line unset
     */
    public static Result train(List<IntentExample> examples, Recipe recipe, Models models, Abstention abstention,
            List<String> background, JobContext context) {
        long started = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Map<String, List<IntentExample>> byLanguage = new TreeMap<>();
        for (IntentExample example : examples) {
            byLanguage.computeIfAbsent(Language.of(example.text()), l -> new ArrayList<>()).add(example);
        }
        Map<String, EmbeddingModel> using = new TreeMap<>();
        for (String language : List.copyOf(byLanguage.keySet())) {
            if (!recipe.embedding()) {
                continue;
            }
            EmbeddingModel model = models.model(language);
            if (model == null) {
                notes.add(String.format("%,d %s examples were not trained: no embedding model reads %s%s; they train"
                        + " once one does", byLanguage.get(language).size(), Language.name(language),
                        Language.name(language), Language.CHINESE.equals(language)
                                ? " (install one with model.languages=zh, e.g. bge-small-zh-v1.5-q of org.affinity.model.bge)"
                                : " (the active model is missing)"));
                byLanguage.remove(language);
            } else {
                using.put(language, model);
            }
        }
        if (byLanguage.isEmpty()) {
            throw new IllegalStateException("no embedding model is available for the examples' languages: " + notes);
        }
        List<IntentExample> kept = new ArrayList<>();
        byLanguage.values().forEach(kept::addAll);
        List<String> intents = new ArrayList<>(new TreeSet<>(kept.stream().map(IntentExample::intent).toList()));
        Map<String, Integer> intentIndex = new LinkedHashMap<>();
        for (int i = 0; i < intents.size(); i++) {
            intentIndex.put(intents.get(i), i);
        }

        Map<String, List<float[]>> vectors = embed(byLanguage, using, context);
        Map<String, List<float[]>> backgrounds = new TreeMap<>();
        using.forEach((language, model) -> backgrounds.put(language, background(background, language, model)));

        // Split each language apart, stratified by intent.
        Map<String, Split> splits = new TreeMap<>();
        byLanguage.forEach((language, those) -> splits.put(language, Split.of(those, intentIndex,
                vectors.get(language))));

        long epochs = 0;
        for (Split split : splits.values()) {
            epochs += NetTraining.epochs(recipe, split.texts().size() - split.held().length)
                    + NetTraining.epochs(recipe, split.texts().size());
        }
        context.total(epochs, "epochs");
        context.done(0);
        context.message("fitting: a model on 80% to measure, the final one on every example");
        AtomicBoolean stop = new AtomicBoolean();
        NetTraining.Progress progress = (done, total) -> {
            context.advance(1);
            if (stop.get() || context.cancelled()) {
                throw new CancellationException("cancelled");
            }
        };
        ExecutorService side = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "affinity-intent-fit");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Head> measured = new TreeMap<>();
        Map<String, Head> finals;
        try {
            CompletableFuture<Map<String, Head>> allFit = CompletableFuture.supplyAsync(() -> {
                Map<String, Head> heads = new TreeMap<>();
                splits.forEach((language, split) -> heads.put(language, Head.fit(recipe, language, modelId(using, language),
                        split.texts(), split.vectors(), split.labels(), intents.size(), progress)));
                return heads;
            }, side);
            try {
                splits.forEach((language, split) -> measured.put(language, split.fitTraining(recipe, language,
                        modelId(using, language), intents.size(), progress)));
                finals = allFit.join();
            } catch (RuntimeException e) {
                stop.set(true);
                throw e;
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        } finally {
            side.shutdownNow();
        }

        context.message("calibrating and measuring on the held-out examples");
        Scores scores = new Scores(intents);
        splits.forEach((language, split) -> {
            Head head = measured.get(language);
            List<float[]> logits = new ArrayList<>();
            int[] labels = new int[split.held().length];
            for (int h = 0; h < split.held().length; h++) {
                int i = split.held()[h];
                logits.add(head.logits(split.texts().get(i), split.vector(i)));
                labels[h] = classOf(head, split.labels()[i]);
            }
            // Never sharper than the fit itself: a held-out share written like the training texts (Bitext's
            // is answered 100% right) would otherwise teach overconfidence that other writers then meet.
            double temperature = Math.max(1, Calibration.temperature(logits, labels));
            head.temperature = temperature;
            finals.get(language).temperature = temperature;
            if (head.usesEmbedding()) {
                double floor = floor(head, split, backgrounds.get(language));
                head.floor = floor;
                finals.get(language).floor = floor;
            }
            IntentModel measuring = new IntentModel(intents, Map.of(language, head));
            for (int i : split.held()) {
                var prediction = measuring.predict(split.texts().get(i), language, split.vector(i), abstention);
                scores.add(split.labels()[i], intentIndex.get(prediction.intent()), prediction.abstained());
            }
        });
        IntentModel model = new IntentModel(intents, finals);
        int heldOut = splits.values().stream().mapToInt(s -> s.held().length).sum();
        IntentMetrics metrics = new IntentMetrics(kept.size(), intents.size(), heldOut, round(scores.accuracy()),
                round(scores.macroF1()), round(scores.abstained()), scores.confused(CONFUSED_PAIRS),
                Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        return new Result(model, metrics, notes);
    }

    /** Of the background, the texts in {@code language} (all of them when fewer than 20 are), embedded. */
    private static List<float[]> background(List<String> background, String language, EmbeddingModel model) {
        List<String> texts = background.stream().filter(text -> Language.of(text).equals(language)).toList();
        if (texts.size() < 20) {
            texts = background;
        }
        return texts.isEmpty() ? List.of() : model.embedAll(texts);
    }

    /**
     * Where out of scope begins for a head: above 95% of the background texts' similarities to its
     * nearest example, but never above what 98% of its own held-out examples reach (a set whose
     * intents are about the background's topics must still hear its own customers).
     */
    static double floor(Head head, Split split, List<float[]> background) {
        if (background == null || background.isEmpty() || split.held().length == 0) {
            return Double.NaN;
        }
        double[] outside = background.stream().mapToDouble(head::nearest).sorted().toArray();
        double[] inside = Arrays.stream(split.held()).mapToDouble(i -> head.nearest(split.vector(i))).sorted()
                .toArray();
        return Math.min(quantile(outside, 0.95), quantile(inside, 0.02));
    }

    /** The nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String modelId(Map<String, EmbeddingModel> using, String language) {
        EmbeddingModel model = using.get(language);
        return model == null ? null : model.id();
    }

    private static int classOf(Head head, int intent) {
        for (int c = 0; c < head.intents.length; c++) {
            if (head.intents[c] == intent) {
                return c;
            }
        }
        throw new IllegalStateException("intent " + intent + " has no class in the " + head.language + " head");
    }

    /** Every text embedded by its language's model, in order; nothing when the recipe uses no embedding. */
    private static Map<String, List<float[]>> embed(Map<String, List<IntentExample>> byLanguage,
            Map<String, EmbeddingModel> using, JobContext context) {
        Map<String, List<float[]>> vectors = new TreeMap<>();
        long total = using.isEmpty() ? 0 : byLanguage.values().stream().mapToLong(List::size).sum();
        context.total(total, "examples embedded");
        for (Map.Entry<String, List<IntentExample>> language : byLanguage.entrySet()) {
            EmbeddingModel model = using.get(language.getKey());
            if (model == null) {
                continue;
            }
            context.message("embedding " + Language.name(language.getKey()) + " examples with " + model.id());
            List<String> texts = language.getValue().stream().map(IntentExample::text).toList();
            List<float[]> embedded = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += CHUNK) {
                context.checkCancelled();
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
                embedded.addAll(model.embedAll(chunk));
                context.advance(chunk.size());
            }
            vectors.put(language.getKey(), embedded);
        }
        return vectors;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** One language's examples, their labels and vectors, and which of them are held out. */
    record Split(List<String> texts, int[] labels, List<float[]> vectors, int[] held) {

        static Split of(List<IntentExample> examples, Map<String, Integer> intentIndex, List<float[]> vectors) {
            List<String> texts = examples.stream().map(IntentExample::text).toList();
            int[] labels = examples.stream().mapToInt(e -> intentIndex.get(e.intent())).toArray();
            int[] held = Holdout.stratified(examples.stream().map(IntentExample::intent).toList(), HELD_OUT, SPLIT_SEED);
            return new Split(texts, labels, vectors, held);
        }

        float[] vector(int i) {
            return vectors == null ? null : vectors.get(i);
        }

        Head fitTraining(Recipe recipe, String language, String modelId, int setIntents, NetTraining.Progress progress) {
            boolean[] isHeld = new boolean[texts.size()];
            for (int i : held) {
                isHeld[i] = true;
            }
            List<String> trainTexts = new ArrayList<>();
            List<float[]> trainVectors = vectors == null ? null : new ArrayList<>();
            int[] trainLabels = new int[texts.size() - held.length];
            int n = 0;
            for (int i = 0; i < texts.size(); i++) {
                if (!isHeld[i]) {
                    trainTexts.add(texts.get(i));
                    if (trainVectors != null) {
                        trainVectors.add(vectors.get(i));
                    }
                    trainLabels[n++] = labels[i];
                }
            }
            return Head.fit(recipe, language, modelId, trainTexts, trainVectors, trainLabels, setIntents, progress);
        }
    }
}
