package org.affinity.embedding.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A BERT-style encoder on ONNX Runtime: pads a batch to its longest sequence, runs it in one session,
 * pools each text's token vectors (mean over its tokens, or [CLS]) and L2-normalises the result.
 * Batches may run concurrently (ONNX Runtime sessions allow concurrent runs; each run takes its own
 * input buffers), so two runs at once share one copy of the weights. {@link CoalescingEncoder} closes
 * it only when no batch runs.
 */
final class OnnxEncoder implements BatchEncoder {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Set<String> output;
    private final boolean tokenTypes;
    private final int dimension;
    private final Pooling pooling;
    /** Attention work (sequences x length^2) of one text of the model's longest input: the most one run holds. */
    private final long attentionBudget;
    /** Input buffers of finished runs, reused: as many as runs ran at once. */
    private final ConcurrentLinkedQueue<Inputs> spare = new ConcurrentLinkedQueue<>();

    private OnnxEncoder(OrtEnvironment environment, OrtSession session, String output, boolean tokenTypes,
            int dimension, Pooling pooling, int maxTokens) {
        this.environment = environment;
        this.session = session;
        this.output = Set.of(output);
        this.tokenTypes = tokenTypes;
        this.dimension = dimension;
        this.pooling = pooling;
        this.attentionBudget = (long) maxTokens * maxTokens;
    }

    /** The one ONNX Runtime environment of the JVM, shared by every session. */
    static OrtEnvironment environment() {
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "affinity");
        EnvironmentPin.pin(environment);
        return environment;
    }

    /**
     * The session options every Affinity session uses: {@code intraOpThreads} threads inside an
     * operator (0: ONNX Runtime's default, one per core), operators run one after another, every graph
     * optimization on. (For the int8 models the basic optimizations alone stay a little closer to the
     * Python reference at batch 1, but make batches of 32 ~1.6x slower: the extended fusions are what
     * lets int8 batches pay off.)
     */
    static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /**
     * Opens a session on the model bytes and checks it is an encoder of the described dimension.
     *
     * @throws OrtException when ONNX Runtime cannot load the model
     * @throws IllegalArgumentException when the model's inputs or output do not fit
     */
    static OnnxEncoder open(byte[] model, ModelDescription description, int intraOpThreads) throws OrtException {
        int dimension = description.dimension();
        OrtEnvironment environment = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = options(intraOpThreads)) {
            session = environment.createSession(model, options);
        }
        try {
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
                throw new IllegalArgumentException("the model's inputs are " + inputs + "; expected "
                        + INPUT_IDS + " and " + ATTENTION_MASK);
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String output = outputs.containsKey("last_hidden_state") ? "last_hidden_state"
                    : outputs.keySet().iterator().next();
            long[] shape = ((TensorInfo) outputs.get(output).getInfo()).getShape();
            if (shape.length != 3 || (shape[2] > 0 && shape[2] != dimension)) {
                throw new IllegalArgumentException("the model's output " + output + " has shape "
                        + Arrays.toString(shape) + "; expected [batch, tokens, " + dimension + "]");
            }
            return new OnnxEncoder(environment, session, output, inputs.contains(TOKEN_TYPE_IDS), dimension,
                    description.pooling(), description.maxTokens());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    @Override
    public float[][] encode(int[][] batch) throws OrtException {
        int length = 0;
        for (int[] sequence : batch) {
            length = Math.max(length, sequence.length);
        }
        int slice = maxSequences(length);
        if (batch.length <= slice) {
            return run(batch, length);
        }
        float[][] vectors = new float[batch.length][];
        for (int from = 0; from < batch.length; from += slice) {
            int[][] part = Arrays.copyOfRange(batch, from, Math.min(batch.length, from + slice));
            int partLength = 0;
            for (int[] sequence : part) {
                partLength = Math.max(partLength, sequence.length);
            }
            float[][] partVectors = run(part, partLength);
            System.arraycopy(partVectors, 0, vectors, from, partVectors.length);
        }
        return vectors;
    }

    /** One run of the model on {@code batch}, padded to {@code length}. */
    private float[][] run(int[][] batch, int length) throws OrtException {
        int size = batch.length;
        Inputs buffers = spare.poll();
        if (buffers == null || buffers.ids.capacity() < size * length) {
            buffers = new Inputs(Math.max(size * length, 4096));
        }
        buffers.fill(batch, length);
        long[] shape = { size, length };
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, buffers.ids, shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, buffers.mask, shape));
            if (tokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, buffers.types, shape));
            }
            try (OrtSession.Result result = session.run(inputs, output)) {
                return pool(((OnnxTensor) result.get(0)).getFloatBuffer(), batch, length);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            spare.add(buffers);
        }
    }

    /**
     * Most sequences of {@code length} tokens one run holds: no more attention work than one text of the
     * model's longest input. A batch of long texts runs in slices, which on 2 cores is faster than one
     * padded run (a batch of 32 BGE texts of 512 tokens: 6 s in one run, 1.8 s in slices) and bounds
     * the session's arena (attention memory grows with sequences x length^2).
     */
    int maxSequences(int length) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, attentionBudget / ((long) length * length)));
    }

    /** Direct buffers for ids, mask and token types. */
    private static final class Inputs {
        final LongBuffer ids;
        final LongBuffer mask;
        final LongBuffer types;

        Inputs(int capacity) {
            ids = direct(capacity);
            mask = direct(capacity);
            types = direct(capacity);
        }

        /** Writes the batch, padded to {@code length}. */
        void fill(int[][] batch, int length) {
            ids.clear();
            mask.clear();
            types.clear();
            for (int[] sequence : batch) {
                for (int i = 0; i < length; i++) {
                    boolean token = i < sequence.length;
                    ids.put(token ? sequence[i] : 0);
                    mask.put(token ? 1 : 0);
                    types.put(0);
                }
            }
            ids.flip();
            mask.flip();
            types.flip();
        }

        private static LongBuffer direct(int longs) {
            return ByteBuffer.allocateDirect(longs * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    private float[][] pool(FloatBuffer hidden, int[][] batch, int length) {
        float[][] vectors = new float[batch.length][];
        for (int b = 0; b < batch.length; b++) {
            float[] vector = new float[dimension];
            int base = b * length * dimension;
            if (pooling == Pooling.CLS) {
                hidden.get(base, vector);
            } else {
                int tokens = batch[b].length;
                for (int t = 0; t < tokens; t++) {
                    int row = base + t * dimension;
                    for (int d = 0; d < dimension; d++) {
                        vector[d] += hidden.get(row + d);
                    }
                }
                for (int d = 0; d < dimension; d++) {
                    vector[d] /= tokens;
                }
            }
            vectors[b] = normalize(vector);
        }
        return vectors;
    }

    static float[] normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum > 0) {
            float scale = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < vector.length; i++) {
                vector[i] *= scale;
            }
        }
        return vector;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
