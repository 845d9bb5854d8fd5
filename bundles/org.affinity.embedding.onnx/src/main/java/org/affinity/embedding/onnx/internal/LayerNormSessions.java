package org.affinity.embedding.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.embedding.onnx.internal.LayerNormFinder.LayerNorm;
import org.affinity.embedding.onnx.internal.LayerNormParts.Part;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * A model run as its parts between LayerNorms ({@link LayerNormParts}), one ONNX Runtime session each,
 * with every LayerNorm computed in Java ({@link ReferenceLayerNorm}). Each part writes the LayerNorm's
 * input straight into a direct buffer (a pinned output); the LayerNorm overwrites it in place, and the
 * same tensor feeds the later parts. Buffers are reused across runs: a LayerNorm's output keeps its
 * buffer until the last part that reads it has run (two buffers for a BERT encoder). Not thread-safe:
 * one batch at a time.
 * <p>
 * Every part session keeps its own ONNX Runtime memory arena, grown to the largest run it has seen (the
 * Java API of 1.29 cannot share one allocator between sessions), so a batch of long texts would hold
 * the attention memory of one layer once per part: gigabytes where the whole model holds hundreds of
 * megabytes, and first runs slowed by page faults. So a run holds at most {@link #maxSequences} texts:
 * no more attention (sequences x length^2) than one text of the model's longest input.
 */
final class LayerNormSessions implements HiddenStates {

    /** Buffers larger than this (floats) are dropped after the run rather than kept for the next. */
    private static final int KEEP_FLOATS = 4 << 20;

    private final OrtEnvironment environment;
    private final long attentionBudget;
    private final List<Part> parts;
    private final List<OrtSession> sessions;
    private final ReferenceLayerNorm[] layerNorms;
    /** Which buffer holds LayerNorm k's input, then its output. */
    private final int[] slotOf;
    private final FloatBuffer[] slots;
    private float[] row = new float[0];

    private LayerNormSessions(OrtEnvironment environment, List<Part> parts, List<OrtSession> sessions,
            int maxTokens) {
        this.environment = environment;
        this.attentionBudget = (long) maxTokens * maxTokens;
        this.parts = parts;
        this.sessions = sessions;
        this.layerNorms = new ReferenceLayerNorm[parts.size()];
        for (int k = 0; k < layerNorms.length; k++) {
            LayerNorm layerNorm = parts.get(k).layerNorm();
            layerNorms[k] = new ReferenceLayerNorm(layerNorm.epsilon(), layerNorm.gamma(), layerNorm.beta());
        }
        this.slotOf = slots(parts);
        int count = 0;
        for (int slot : slotOf) {
            count = Math.max(count, slot + 1);
        }
        this.slots = new FloatBuffer[count];
    }

    /**
     * Opens one session per part with {@code options}; closes what it opened if one fails.
     *
     * @param maxTokens the model's longest input, which sets how many texts a run may hold
     */
    static LayerNormSessions open(OrtEnvironment environment, List<Part> parts, OrtSession.SessionOptions options,
            int maxTokens) throws OrtException {
        List<OrtSession> sessions = new ArrayList<>(parts.size());
        try {
            for (Part part : parts) {
                sessions.add(environment.createSession(part.model(), options));
            }
        } catch (OrtException | RuntimeException e) {
            for (OrtSession session : sessions) {
                session.close();
            }
            throw e;
        }
        return new LayerNormSessions(environment, parts.stream().map(Part::withoutModel).toList(), sessions,
                maxTokens);
    }

    /**
     * Assigns buffers: LayerNorm k's input (then output) needs a buffer no part still to come reads
     * from, and frees it after the last part that reads its output. The last output is kept.
     */
    static int[] slots(List<Part> parts) {
        int n = parts.size();
        int[] lastRead = new int[n];
        for (int k = 0; k < n; k++) {
            lastRead[k] = k == n - 1 ? n : k;
            String output = parts.get(k).layerNorm().output();
            for (int j = k + 1; j < n; j++) {
                if (parts.get(j).inputs().contains(output)) {
                    lastRead[k] = j;
                }
            }
        }
        int[] slotOf = new int[n];
        boolean[] freed = new boolean[n];
        List<Integer> free = new ArrayList<>();
        int slots = 0;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < k; j++) {
                if (!freed[j] && lastRead[j] < k) {
                    freed[j] = true;
                    free.add(slotOf[j]);
                }
            }
            slotOf[k] = free.isEmpty() ? slots++ : free.remove(free.size() - 1);
        }
        return slotOf;
    }

    @Override
    public int maxSequences(int length) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, attentionBudget / ((long) length * length)));
    }

    @Override
    public <T> T run(Map<String, OnnxTensor> inputs, long[] shape, Reader<T> reader) throws OrtException {
        int rows = Math.toIntExact(shape[0] * shape[1]);
        Map<String, OnnxTensor> known = new HashMap<>(inputs);
        List<OnnxTensor> made = new ArrayList<>(parts.size());
        try {
            FloatBuffer hidden = null;
            for (int k = 0; k < parts.size(); k++) {
                Part part = parts.get(k);
                ReferenceLayerNorm layerNorm = layerNorms[k];
                int width = layerNorm.width();
                hidden = buffer(slotOf[k], Math.multiplyExact(rows, width));
                OnnxTensor tensor = OnnxTensor.createTensor(environment, hidden, new long[] { shape[0], shape[1], width });
                made.add(tensor);
                Map<String, OnnxTensor> feeds = new HashMap<>(part.inputs().size() * 2);
                for (String input : part.inputs()) {
                    OnnxTensor value = known.get(input);
                    if (value == null) {
                        throw new IllegalStateException("part " + k + " reads " + input + ", which is not given");
                    }
                    feeds.put(input, value);
                }
                try (OrtSession.Result result = sessions.get(k).run(feeds, Map.of(part.layerNorm().input(), tensor))) {
                    // the part wrote into the pinned buffer; the result owns nothing
                }
                normalize(hidden, rows, layerNorm);
                known.put(part.layerNorm().output(), tensor);
            }
            return reader.read(hidden.duplicate().clear());
        } finally {
            made.forEach(OnnxTensor::close);
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null && slots[i].capacity() > KEEP_FLOATS) {
                    slots[i] = null;
                }
            }
        }
    }

    private void normalize(FloatBuffer buffer, int rows, ReferenceLayerNorm layerNorm) {
        int width = layerNorm.width();
        if (row.length < width) {
            row = new float[width];
        }
        for (int r = 0, at = 0; r < rows; r++, at += width) {
            buffer.get(at, row, 0, width);
            layerNorm.normalize(row, 0);
            buffer.put(at, row, 0, width);
        }
    }

    /** Slot {@code slot}'s direct buffer, at least {@code floats} long, with exactly {@code floats} remaining. */
    private FloatBuffer buffer(int slot, int floats) {
        FloatBuffer buffer = slots[slot];
        if (buffer == null || buffer.capacity() < floats) {
            buffer = ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            slots[slot] = buffer;
        }
        buffer.clear().limit(floats);
        return buffer;
    }

    @Override
    public String describe() {
        return "Java LayerNorm (ONNX Runtime 1.30's x86 arithmetic), " + parts.size() + " sessions";
    }

    @Override
    public void close() throws OrtException {
        OrtException failure = null;
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
