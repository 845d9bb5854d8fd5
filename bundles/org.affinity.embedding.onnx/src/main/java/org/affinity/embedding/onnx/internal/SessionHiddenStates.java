package org.affinity.embedding.onnx.internal;

import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** The whole model in one ONNX Runtime session. */
final class SessionHiddenStates implements HiddenStates {

    private final OrtSession session;
    private final Set<String> output;

    SessionHiddenStates(OrtSession session, String output) {
        this.session = session;
        this.output = Set.of(output);
    }

    @Override
    public <T> T run(Map<String, OnnxTensor> inputs, long[] shape, Reader<T> reader) throws OrtException {
        try (OrtSession.Result result = session.run(inputs, output)) {
            return reader.read(((OnnxTensor) result.get(0)).getFloatBuffer());
        }
    }

    @Override
    public String describe() {
        return "ONNX Runtime LayerNorm, 1 session";
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
