import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Not product code (see README.md beside this file): the parts that layernorm130.js dumps, run with
 * ONNX Runtime for Java, every LayerNorm computed in Java with the arithmetic of ONNX Runtime 1.30's x86
 * AVX2/FMA kernel. Prints the cosines to the reference and ms per text against a plain session on the
 * whole model, three rounds (the first warms the JIT up).
 *
 * java -cp onnxruntime-1.29.0.jar LayerNorm130.java <dump dir> <model.onnx> <mean|cls>
 */
public class LayerNorm130 {

    record LayerNorm(String x, String y, float epsilon, String[] inputs, float[] gamma, float[] beta) {
    }

    /** One row: mean summed in double over 4 lanes, centred variance in float over 8 lanes with fma. */
    static void layerNorm(float[] x, float[] y, int rows, int n, LayerNorm ln) {
        float[] lanes = new float[8];
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                s0 += x[o + i];
                s1 += x[o + i + 1];
                s2 += x[o + i + 2];
                s3 += x[o + i + 3];
            }
            double sum = (s0 + s2) + (s1 + s3);
            for (; i < n; i++) {
                sum += x[o + i];
            }
            float mean = (float) (sum / n);
            Arrays.fill(lanes, 0f);
            i = 0;
            for (; i + 8 <= n; i += 8) {
                for (int l = 0; l < 8; l++) {
                    float d = x[o + i + l] - mean;
                    lanes[l] = Math.fma(d, d, lanes[l]);
                }
            }
            float variance = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6]))
                    + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
            for (; i < n; i++) {
                float d = x[o + i] - mean;
                variance += d * d;
            }
            float inverse = 1.0f / (float) Math.sqrt(variance / n + ln.epsilon);
            for (int j = 0; j < n; j++) {
                y[o + j] = Math.fma((x[o + j] - mean) * inverse, ln.gamma[j], ln.beta[j]);
            }
        }
    }

    static float[] floats(String text) {
        String[] parts = text.split(" ");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        boolean cls = args[2].equals("cls");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        List<LayerNorm> norms = new ArrayList<>();
        for (String line : Files.readAllLines(dump.resolve("meta.txt"))) {
            String[] p = line.split(";");
            norms.add(new LayerNorm(p[0], p[1], Float.parseFloat(p[2]), p[3].split(","), floats(p[4]), floats(p[5])));
        }
        List<OrtSession> parts = new ArrayList<>();
        for (int k = 0; k < norms.size(); k++) {
            parts.add(env.createSession(Files.readAllBytes(dump.resolve("seg" + k + ".onnx")), options));
        }
        OrtSession plain = env.createSession(args[1], options);
        List<String> texts = Files.readAllLines(dump.resolve("texts.txt"));
        for (int round = 1; round <= 3; round++) {
            double sum = 0;
            double lowest = 1;
            int at = 0;
            long splitNanos = 0;
            long plainNanos = 0;
            for (String line : texts) {
                String[] p = line.split(";");
                long[] ids = Arrays.stream(p[0].split(" ")).mapToLong(Long::parseLong).toArray();
                float[] reference = floats(p[1]);
                int n = ids.length;
                int d = reference.length;
                long[] ones = new long[n];
                Arrays.fill(ones, 1);
                long t0 = System.nanoTime();
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put("input_ids", OnnxTensor.createTensor(env, new long[][] { ids }));
                inputs.put("attention_mask", OnnxTensor.createTensor(env, new long[][] { ones }));
                if (plain.getInputNames().contains("token_type_ids")) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] { new long[n] }));
                }
                try (OrtSession.Result result = plain.run(inputs)) {
                    result.get(0).getValue();
                }
                long t1 = System.nanoTime();
                Map<String, OnnxTensor> known = new HashMap<>(inputs);
                List<OnnxTensor> made = new ArrayList<>();
                float[] hidden = null;
                for (int k = 0; k < norms.size(); k++) {
                    LayerNorm ln = norms.get(k);
                    Map<String, OnnxTensor> feeds = new HashMap<>();
                    for (String name : ln.inputs) {
                        feeds.put(name, known.get(name));
                    }
                    try (OrtSession.Result result = parts.get(k).run(feeds, Set.of(ln.x))) {
                        OnnxTensor tensor = (OnnxTensor) result.get(0);
                        long[] shape = tensor.getInfo().getShape();
                        FloatBuffer buffer = tensor.getFloatBuffer();
                        float[] x = new float[buffer.remaining()];
                        buffer.get(x);
                        hidden = new float[x.length];
                        int width = (int) shape[shape.length - 1];
                        layerNorm(x, hidden, x.length / width, width, ln);
                        OnnxTensor y = OnnxTensor.createTensor(env, FloatBuffer.wrap(hidden), shape);
                        made.add(y);
                        known.put(ln.y, y);
                    }
                }
                long t2 = System.nanoTime();
                plainNanos += t1 - t0;
                splitNanos += t2 - t1;
                made.forEach(OnnxTensor::close);
                inputs.values().forEach(OnnxTensor::close);
                double[] vector = new double[d];
                for (int t = 0; t < (cls ? 1 : n); t++) {
                    for (int j = 0; j < d; j++) {
                        vector[j] += hidden[t * d + j];
                    }
                }
                double vv = 0, rr = 0, dot = 0;
                for (int j = 0; j < d; j++) {
                    vv += vector[j] * vector[j];
                    rr += reference[j] * (double) reference[j];
                    dot += vector[j] * reference[j];
                }
                double cosine = dot / Math.sqrt(vv * rr);
                sum += cosine;
                lowest = Math.min(lowest, cosine);
                at += cosine >= 0.999 ? 1 : 0;
            }
            System.out.printf("round %d, ONNX Runtime %s, %s with the 1.30 LayerNorm in Java: mean %.5f, lowest %.4f,"
                    + " %d/%d at >= 0.999; ms per text %.2f against %.2f for the plain session (%.2fx)%n", round,
                    env.getVersion(), Path.of(args[1]).getFileName(), sum / texts.size(), lowest, at, texts.size(),
                    splitNanos / 1e6 / texts.size(), plainNanos / 1e6 / texts.size(), (double) plainNanos / splitNanos);
        }
    }
}
