package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;

import ai.onnxruntime.OrtException;

/**
 * An {@link EmbeddingModel} on ONNX Runtime: tokenizes on the caller's thread, answers repeated
 * texts from an LRU cache, and runs the rest through one shared session, coalescing concurrent
 * calls into batches. Thread-safe. {@link #close} makes later and queued calls fail with
 * {@link ModelUnavailableException} and closes the session once no batch runs.
 * <p>
 * Inside OSGi the embedding service creates these from model bundles. Outside OSGi (benchmarks,
 * tools) use {@link ModelBundleJar#open} or {@link #open(ModelDescription, ModelFiles, EmbeddingSettings)}.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** How long {@link #close} waits for a running batch before leaving the session to it. */
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

    private final ModelDescription description;
    private final EmbeddingSettings settings;
    private final WordPieceTokenizer tokenizer;
    private final EmbeddingCache cache;
    private final CoalescingEncoder encoder;
    /** Threads that run a long embedAll's batches next to its caller (parallelRuns - 1; idle ones end). */
    private final ExecutorService helpers;
    /** The session when it opens on use ({@link #openOnUse}), else null. */
    private final OpenOnUseEncoder onUse;

    OnnxEmbeddingModel(ModelDescription description, EmbeddingSettings settings, WordPieceTokenizer tokenizer,
            BatchEncoder encoder) {
        this.onUse = encoder instanceof OpenOnUseEncoder lazy ? lazy : null;
        this.description = description;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.cache = new EmbeddingCache(settings.cacheSize());
        this.encoder = new CoalescingEncoder(description.id(), encoder, settings.batchSizeFor(description),
                settings.parallelRuns(), CLOSE_TIMEOUT_MILLIS);
        this.helpers = new ThreadPoolExecutor(0, Math.max(1, settings.parallelRuns() - 1),
                30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "embedding " + description.id() + " helper");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Loads a model: its tokenizer.json and .onnx file through {@code files}, then an ONNX Runtime
     * session with {@code settings}.
     *
     * @throws IOException when a file is missing or unreadable, or ONNX Runtime rejects the model
     */
    public static OnnxEmbeddingModel open(ModelDescription description, ModelFiles files, EmbeddingSettings settings)
            throws IOException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = files.open(description.tokenizer())) {
            tokenizer = WordPieceTokenizer.read(json, description.lowercase());
        }
        byte[] onnx;
        try (InputStream in = files.open(description.onnx())) {
            onnx = in.readAllBytes();
        }
        try {
            OnnxEncoder encoder = OnnxEncoder.open(onnx, description, settings.intraOpThreads());
            return new OnnxEmbeddingModel(description, settings, tokenizer, encoder);
        } catch (OrtException | IllegalArgumentException e) {
            throw new IOException("model '" + description.id() + "' (" + description.onnx() + "): " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #open}, but the session opens only when the first text arrives (the model file is read
     * then), and {@link #closeSessionIfIdle} closes it again after a while unused: for a model loaded on
     * demand, which a bundle may ask for without ever receiving its language.
     *
     * @throws IOException when the tokenizer is missing or unreadable (the model file is checked at first use)
     */
    public static OnnxEmbeddingModel openOnUse(ModelDescription description, ModelFiles files, EmbeddingSettings settings)
            throws IOException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = files.open(description.tokenizer())) {
            tokenizer = WordPieceTokenizer.read(json, description.lowercase());
        }
        OpenOnUseEncoder encoder = new OpenOnUseEncoder(description.id(), () -> {
            byte[] onnx;
            try (InputStream in = files.open(description.onnx())) {
                onnx = in.readAllBytes();
            }
            try {
                return OnnxEncoder.open(onnx, description, settings.intraOpThreads());
            } catch (OrtException | IllegalArgumentException e) {
                throw new IOException("model '" + description.id() + "' (" + description.onnx() + "): " + e.getMessage(), e);
            }
        });
        return new OnnxEmbeddingModel(description, settings, tokenizer, encoder);
    }

    /**
     * Closes the session of a model opened on use when no text ran through it for {@code idle}; the
     * next text opens it again. Does nothing for a model opened at once.
     *
     * @return whether the session was closed now
     */
    public boolean closeSessionIfIdle(java.time.Duration idle) {
        return onUse != null && onUse.closeIfIdle(idle.toNanos());
    }

    /** Whether the ONNX Runtime session is open (always, for a model opened at once, until closed). */
    public boolean sessionOpen() {
        return onUse == null ? !isClosed() : onUse.isOpen();
    }

    /**
     * The ONNX Runtime session options this service uses for {@code model} (threads, graph
     * optimizations), for comparisons with a plain session (the benchmark's raw baseline).
     */
    public static ai.onnxruntime.OrtSession.SessionOptions sessionOptions(ModelDescription model, int intraOpThreads)
            throws OrtException {
        return OnnxEncoder.options(intraOpThreads);
    }

    @Override
    public String id() {
        return description.id();
    }

    @Override
    public int dimension() {
        return description.dimension();
    }

    public ModelDescription description() {
        return description;
    }

    public EmbeddingSettings settings() {
        return settings;
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        encoder.checkOpen();
        float[] cached = cache.get(text);
        if (cached != null) {
            return cached;
        }
        float[] vector = encoder.encode(new int[][] { tokens(text) })[0];
        cache.put(text, vector);
        return vector;
    }

    /**
     * Identical texts are embedded once; the rest run in batches of similar length (less padding),
     * one batch at a time, so other callers' texts join the next batch instead of waiting for all.
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        encoder.checkOpen();
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            String text = Objects.requireNonNull(texts.get(i), "texts must not contain null");
            float[] cached = cache.get(text);
            if (cached != null) {
                out[i] = cached;
            } else {
                missing.computeIfAbsent(text, t -> new ArrayList<>(1)).add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<String> unique = new ArrayList<>(missing.keySet());
            int[][] ids = new int[unique.size()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens(unique.get(i));
            }
            Integer[] order = new Integer[ids.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
            int batchSize = settings.batchSizeFor(description);
            int batches = (order.length + batchSize - 1) / batchSize;
            AtomicInteger next = new AtomicInteger();
            Runnable work = () -> {
                int b;
                while ((b = next.getAndIncrement()) < batches) {
                    int from = b * batchSize;
                    int to = Math.min(order.length, from + batchSize);
                    int[][] batch = new int[to - from][];
                    for (int i = from; i < to; i++) {
                        batch[i - from] = ids[order[i]];
                    }
                    float[][] vectors;
                    try {
                        vectors = encoder.encode(batch);
                    } catch (RuntimeException e) {
                        next.set(batches); // the other threads stop too
                        throw e;
                    }
                    for (int i = from; i < to; i++) {
                        String text = unique.get(order[i]);
                        float[] vector = vectors[i - from];
                        cache.put(text, vector);
                        List<Integer> positions = missing.get(text);
                        for (int p = 0; p < positions.size(); p++) {
                            out[positions.get(p)] = p == 0 ? vector : vector.clone();
                        }
                    }
                }
            };
            runBesideHelpers(work, Math.min(settings.parallelRuns(), batches) - 1, next, batches);
        }
        return Arrays.asList(out);
    }

    /**
     * Runs {@code work} on this thread and on up to {@code count} helpers, so the batches of one long
     * list (a bulk index) keep every parallel run busy; returns when all are done, rethrowing a failure.
     */
    private void runBesideHelpers(Runnable work, int count, AtomicInteger next, int batches) {
        List<Future<?>> started = new ArrayList<>(count);
        for (int h = 0; h < count; h++) {
            try {
                started.add(helpers.submit(work));
            } catch (RejectedExecutionException e) {
                break; // the helpers serve another caller's list (or the model closes): this thread runs the rest
            }
        }
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> helper : started) {
            try {
                helper.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                next.set(batches);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding with model '" + description.id() + "'");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The token ids the model sees for {@code text}: truncated to the model's maximum. */
    public int[] tokens(String text) {
        return tokenizer.encode(text, description.maxTokens());
    }


    /** Session runs so far (fewer than texts when calls were coalesced). */
    public long runs() {
        return encoder.runs();
    }

    /** Texts run through the session so far (cache hits not counted). */
    public long encoded() {
        return encoder.sequences();
    }

    public long cacheHits() {
        return cache.hits();
    }

    public boolean isClosed() {
        return encoder.isClosed();
    }

    /** Closes the model; calls that come later or wait in the queue fail with {@link ModelUnavailableException}. */
    @Override
    public void close() {
        close("it was closed");
    }

    /** As {@link #close()}, telling callers why ("its bundle stopped"). */
    public void close(String reason) {
        encoder.close(reason);
        helpers.shutdown();
    }

    @Override
    public String toString() {
        return "OnnxEmbeddingModel[" + description.id() + ", " + description.dimension() + "-d, " + settings + "]";
    }
}
