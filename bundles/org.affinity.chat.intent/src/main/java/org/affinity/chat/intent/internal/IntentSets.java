package org.affinity.chat.intent.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named sets: each one's model in memory (loaded from the data folder at start), training as jobs
 * that replace a model only once the new one is saved, deletion, classification, and the retraining a
 * set needs when the embedding model of one of its languages changed. Independent of OSGi: the
 * component ({@link IntentService}) hands in the current models and the configuration.
 */
final class IntentSets {

    private static final Logger LOG = LoggerFactory.getLogger(IntentSets.class);
    /** A training whose model went away while it embedded starts over this often before it gives up. */
    private static final int ATTEMPTS = 5;

    /** One set: the model in use (null before the first training succeeded) and its latest training. */
    private static final class Entry {
        final String name;
        volatile SetFolder.Info info;
        volatile IntentModel model;
        volatile Job job;
        volatile String error;
        /** Trainings asked for so far; only the latest may replace the model. Guarded by the entry. */
        long generation;

        Entry(String name) {
            this.name = name;
        }

        boolean training() {
            Job running = job;
            return running != null && !running.status().state().finished();
        }
    }

    private final SetFolder folder;
    private final Jobs jobs;
    private final ShippedData shipped;
    private final IntentTraining.Models models;
    private final Recipe recipe;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-intent-sets");
        thread.setDaemon(true);
        return thread;
    });
    private volatile IntentSettings settings;
    private volatile List<String> background;
    private ScheduledFuture<?> check;

    IntentSets(SetFolder folder, Jobs jobs, ShippedData shipped, IntentTraining.Models models, Recipe recipe,
            IntentSettings settings) {
        this.folder = folder;
        this.jobs = jobs;
        this.shipped = shipped;
        this.models = models;
        this.recipe = recipe;
        this.settings = settings;
    }

    /** Loads the stored sets; retrains those whose model cannot be read; trains {@code shop} when absent and asked to. */
    void start() {
        List<String> names;
        try {
            names = folder.names();
        } catch (IOException e) {
            LOG.error("intent sets under {} cannot be listed: {}", folder.root(), e.toString());
            names = List.of();
        }
        for (String name : names) {
            Entry entry = new Entry(name);
            entries.put(name, entry);
            try {
                SetFolder.Stored stored = folder.load(name);
                entry.info = stored.info();
                entry.model = stored.model();
                if (stored.model() == null) {
                    LOG.warn("intent set '{}' cannot be used: {}; retraining it from its stored examples", name, stored.problem());
                    retrain(entry, stored.problem());
                } else {
                    LOG.info("intent set '{}' loaded: {} intents, {} examples, models {}", name, stored.model().intents().size(),
                            stored.info().examples(), stored.model().models());
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("intent set '{}' cannot be read from {}: {}", name, folder.root().resolve(name), e.toString());
                entry.error = "cannot be read: " + e;
            }
        }
        if (settings.trainShop() && !entries.containsKey(IntentClassifier.DEFAULT_SET)) {
            try {
                LOG.info("no intent set '{}' in {}: training it from the shipped examples", IntentClassifier.DEFAULT_SET,
                        folder.root());
                train(IntentClassifier.DEFAULT_SET, shipped.shop(), "shipped set, first start");
            } catch (IOException | RuntimeException e) {
                LOG.error("the shipped intent set '{}' could not be trained: {}", IntentClassifier.DEFAULT_SET, e.toString());
            }
        }
    }

    void settings(IntentSettings changed) {
        settings = changed;
    }

    void close() {
        timer.shutdownNow();
        entries.values().forEach(entry -> {
            Job running = entry.job;
            if (running != null) {
                running.cancel();
            }
        });
    }

    // --- Sets -------------------------------------------------------------------------------------

    List<IntentSet> sets() {
        return entries.values().stream().map(this::describe).sorted(java.util.Comparator.comparing(IntentSet::name)).toList();
    }

    Optional<IntentSet> set(String name) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(describe(entry));
    }

    private IntentSet describe(Entry entry) {
        IntentModel model = entry.model;
        SetFolder.Info info = entry.info;
        Job job = entry.job;
        boolean training = entry.training();
        String state;
        if (model == null) {
            state = training ? "training" : "failed";
        } else {
            state = stale(model) != null ? "stale" : "ready";
        }
        return new IntentSet(entry.name, state, training, job == null ? null : job.id(),
                model == null ? List.of() : model.intents(), info == null ? 0 : info.examples(),
                model == null ? Map.of() : model.models(), info == null ? null : info.trainedAt(),
                info == null ? null : info.metrics(), entry.error);
    }

    /** Why a model cannot serve with the models there are now ("the English model is now X"), or null. */
    private String stale(IntentModel model) {
        for (Map.Entry<String, String> head : model.models().entrySet()) {
            EmbeddingModel current = models.model(head.getKey());
            if (!head.getValue().isEmpty() && current != null && !current.id().equals(head.getValue())) {
                return "it was trained on " + head.getValue() + " for " + Language.name(head.getKey()) + " and the "
                        + Language.name(head.getKey()) + " model is now " + current.id();
            }
        }
        return null;
    }

    // --- Training ---------------------------------------------------------------------------------

    /**
     * Checks the name and examples, then trains as a job. A training of the same set that is still
     * running is cancelled: the latest examples win.
     */
    Job train(String name, List<IntentExample> examples, String reason) {
        Validation.setName(name);
        List<IntentExample> checked = Validation.examples(examples);
        Entry entry = entries.computeIfAbsent(name, Entry::new);
        synchronized (entry) {
            long generation = ++entry.generation;
            Job previous = entry.job;
            if (previous != null && previous.cancel()) {
                LOG.info("training {} of intent set '{}' cancelled: a newer one was asked for", previous.id(), name);
            }
            long intents = checked.stream().map(IntentExample::intent).distinct().count();
            String title = String.format("train intent set '%s' (%,d examples, %d intents; %s)", name, checked.size(),
                    intents, reason);
            entry.job = jobs.submit("train", title, context -> run(entry, generation, checked, reason, context));
            return entry.job;
        }
    }

    private IntentMetrics run(Entry entry, long generation, List<IntentExample> examples, String reason,
            JobContext context) throws Exception {
        try {
            IntentTraining.Result result = null;
            for (int attempt = 1; result == null; attempt++) {
                // The models as they are once each language's has come (or the wait is over), held for the
                // whole training: a model that goes meanwhile fails this attempt, it is not skipped.
                Map<String, EmbeddingModel> using = awaitModels(examples, context);
                try {
                    result = IntentTraining.train(examples, recipe, using::get, settings.abstention(), background(), context);
                } catch (ModelUnavailableException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    context.message("the embedding model changed while training: starting over with the new one");
                    LOG.info("intent set '{}': {}; starting over", entry.name, e.getMessage());
                }
            }
            context.checkCancelled();
            result.notes().forEach(note -> LOG.warn("intent set '{}': {}", entry.name, note));
            synchronized (entry) {
                if (entry.generation != generation || entries.get(entry.name) != entry) {
                    throw new CancellationException("replaced by a newer training or deleted");
                }
                SetFolder.Info info = info(entry.name, examples, result);
                folder.save(info, result.model(), examples);
                entry.info = info;
                entry.model = result.model();
                entry.error = null;
            }
            IntentMetrics metrics = result.metrics();
            LOG.info("intent set '{}' trained ({}): {} examples, {} intents, held-out accuracy {}, macro-F1 {}, {} s",
                    entry.name, reason, metrics.examples(), metrics.intents(), metrics.accuracy(), metrics.macroF1(),
                    metrics.seconds());
            context.message(result.notes().isEmpty() ? "trained" : String.join("; ", result.notes()));
            return metrics;
        } catch (CancellationException e) {
            throw e;
        } catch (Exception e) {
            synchronized (entry) {
                if (entry.generation == generation) {
                    entry.error = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            LOG.warn("training intent set '{}' failed: {}", entry.name, e.toString());
            throw e;
        }
    }

    private SetFolder.Info info(String name, List<IntentExample> examples, IntentTraining.Result result) {
        Map<String, Integer> languages = new TreeMap<>();
        examples.forEach(e -> languages.merge(Language.of(e.text()), 1, Integer::sum));
        return new SetFolder.Info(name, IntentModel.FORMAT, result.model().intents(), examples.size(), languages,
                result.model().models(), Instant.now().toString(), result.metrics(), recipe.name(), result.notes());
    }

    /**
     * Waits until every language of the examples has its model, or the configured time passed; returns
     * the models there are then, by language.
     */
    private Map<String, EmbeddingModel> awaitModels(List<IntentExample> examples, JobContext context)
            throws InterruptedException {
        Map<String, EmbeddingModel> using = new TreeMap<>();
        if (!recipe.embedding()) {
            return using;
        }
        List<String> languages = examples.stream().map(e -> Language.of(e.text())).distinct().sorted().toList();
        long deadline = System.nanoTime() + settings.modelWait().toNanos();
        while (true) {
            using.clear();
            for (String language : languages) {
                EmbeddingModel model = models.model(language);
                if (model != null) {
                    using.put(language, model);
                }
            }
            if (using.size() == languages.size() || System.nanoTime() >= deadline) {
                return using;
            }
            context.message("waiting for the " + languages.stream().filter(l -> !using.containsKey(l)).map(Language::name)
                    .collect(java.util.stream.Collectors.joining(" and ")) + " embedding model");
            context.checkCancelled();
            Thread.sleep(250);
        }
    }

    private List<String> background() throws IOException {
        List<String> texts = background;
        if (texts == null) {
            texts = shipped.background();
            background = texts;
        }
        return texts;
    }

    /** Retrains a stored set from its stored examples (model unreadable, or trained on another model). */
    private void retrain(Entry entry, String why) {
        try {
            List<IntentExample> examples = folder.examples(entry.name);
            Job job = train(entry.name, examples, "retrained: " + why);
            LOG.info("intent set '{}': {}; retraining from its {} stored examples as job {}", entry.name, why,
                    examples.size(), job.id());
        } catch (IOException | RuntimeException e) {
            LOG.error("intent set '{}' cannot be retrained from {}: {}", entry.name, folder.root().resolve(entry.name),
                    e.toString());
            entry.error = "cannot be retrained: " + e;
        }
    }

    /** The models changed: check the sets once they have been settled for the configured delay. */
    synchronized void modelsChanged() {
        if (check != null) {
            check.cancel(false);
        }
        if (!timer.isShutdown()) {
            check = timer.schedule(this::retrainStale, settings.retrainDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Retrains every set that a model switch made unusable, and every set with examples in a language
     * that now has a model but had none when it was trained.
     */
    synchronized void retrainStale() {
        boolean later = false;
        for (Entry entry : entries.values()) {
            IntentModel model = entry.model;
            SetFolder.Info info = entry.info;
            if (entry.training()) {
                later = true; // the models may change under a training: look again once it ended
                continue;
            }
            if (model == null || info == null) {
                continue;
            }
            String why = stale(model);
            if (why == null && info.languages() != null) {
                for (String language : info.languages().keySet()) {
                    if (!model.models().containsKey(language) && models.model(language) != null) {
                        why = "its " + info.languages().get(language) + " " + Language.name(language)
                                + " examples were left out for want of a model, and " + models.model(language).id()
                                + " reads " + Language.name(language) + " now";
                        break;
                    }
                }
            }
            if (why != null) {
                retrain(entry, why);
            }
        }
        if (later) {
            checkAgain();
        }
    }

    /** One more check after a while (runs on the timer's one thread, after any check already queued). */
    private void checkAgain() {
        if (!timer.isShutdown()) {
            timer.schedule(this::retrainStale, Math.max(5_000, settings.retrainDelay().toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    boolean delete(String name) throws IOException {
        Entry entry = entries.remove(name);
        if (entry != null) {
            synchronized (entry) {
                entry.generation++;
                Job running = entry.job;
                if (running != null) {
                    running.cancel();
                }
            }
        }
        boolean stored = folder.remove(name);
        if (entry != null || stored) {
            LOG.info("intent set '{}' deleted", name);
        }
        return entry != null || stored;
    }

    // --- Classification ---------------------------------------------------------------------------

    IntentPrediction classify(String name, String text) {
        Validation.text(text);
        return classifyAll(name, List.of(text)).get(0);
    }

    List<IntentPrediction> classifyAll(String name, List<String> texts) {
        texts.forEach(Validation::text);
        IntentModel model = usable(name);
        try {
            return model.classifyAll(texts, models, settings.abstention());
        } catch (ModelUnavailableException e) {
            String why = stale(model);
            if (why == null) {
                throw e;
            }
            modelsChanged();
            throw new NoSuchElementException("intent set '" + name + "' cannot classify until it is retrained: " + why);
        }
    }

    /** The set's model. @throws NoSuchElementException when the set is unknown or has no model yet */
    private IntentModel usable(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new NoSuchElementException("no intent set '" + name + "'; there are " + new ArrayList<>(new java.util.TreeSet<>(
                    entries.keySet())));
        }
        IntentModel model = entry.model;
        if (model == null) {
            Job job = entry.job;
            if (entry.training()) {
                JobStatus status = job.status();
                throw new NoSuchElementException("intent set '" + name + "' has no model yet: it is training as job "
                        + job.id() + (status.fraction() >= 0 ? String.format(" (%.0f%% of %s)", status.fraction() * 100,
                                status.unit()) : ""));
            }
            throw new NoSuchElementException("intent set '" + name + "' has no model: its training failed ("
                    + entry.error + ")");
        }
        return model;
    }

    /** Waits until the set's latest training ended (tests). */
    Optional<JobStatus> await(String name, Duration timeout) throws InterruptedException {
        Entry entry = entries.get(name);
        Job job = entry == null ? null : entry.job;
        return job == null ? Optional.empty() : Optional.of(job.await(timeout));
    }
}
