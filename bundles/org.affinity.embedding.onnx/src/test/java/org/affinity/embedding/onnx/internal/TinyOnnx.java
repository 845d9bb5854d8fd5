package org.affinity.embedding.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.affinity.embedding.onnx.internal.ProtoWire.Writer;

/**
 * Small ONNX models written with {@link ProtoWire.Writer}, for tests: a two-layer "encoder" with the
 * LayerNorm pattern of the exported BERT models, and the pieces to vary it.
 */
final class TinyOnnx {

    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int VOCABULARY = 12;
    static final int WIDTH = 8;

    private TinyOnnx() {
    }

    static Writer tensor(String name, long[] dims, float[] values, boolean raw) {
        Writer tensor = new Writer();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        tensor.varint(2, FLOAT);
        if (raw) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : values) {
                bytes.putFloat(value);
            }
            tensor.string(8, name).bytes(9, bytes.array());
        } else { // float_data, packed
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : values) {
                bytes.putFloat(value);
            }
            tensor.bytes(4, bytes.array()).string(8, name);
        }
        return tensor;
    }

    static Writer node(String opType, List<String> inputs, List<String> outputs, Writer... attributes) {
        Writer node = new Writer();
        inputs.forEach(input -> node.string(1, input));
        outputs.forEach(output -> node.string(2, output));
        node.string(3, outputs.get(0) + "_node").string(4, opType);
        for (Writer attribute : attributes) {
            node.message(5, attribute);
        }
        return node;
    }

    static Writer ints(String name, long... values) {
        Writer attribute = new Writer().string(1, name);
        for (long value : values) {
            attribute.varint(8, value);
        }
        return attribute.varint(20, 7);
    }

    static Writer tensorAttribute(String name, Writer tensor) {
        return new Writer().string(1, name).message(5, tensor).varint(20, 4);
    }

    static Writer constant(String output, float value) {
        return node("Constant", List.of(), List.of(output), tensorAttribute("value",
                tensor("", new long[0], new float[] { value }, true)));
    }

    /** A ValueInfoProto: dims are "batch"-style parameters or numbers. */
    static Writer value(String name, int elementType, Object... dims) {
        Writer shape = new Writer();
        for (Object dim : dims) {
            Writer dimension = new Writer();
            if (dim instanceof Number) {
                dimension.varint(1, ((Number) dim).longValue());
            } else {
                dimension.string(2, dim.toString());
            }
            shape.message(1, dimension);
        }
        Writer tensorType = new Writer().varint(1, elementType).message(2, shape);
        return new Writer().string(1, name).message(2, new Writer().message(1, tensorType));
    }

    static byte[] model(List<Writer> nodes, List<Writer> initializers, List<Writer> inputs, List<Writer> outputs) {
        Writer graph = new Writer();
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, "tiny");
        initializers.forEach(initializer -> graph.message(5, initializer));
        inputs.forEach(input -> graph.message(11, input));
        outputs.forEach(output -> graph.message(12, output));
        return new Writer().varint(1, 7).string(2, "affinity-test")
                .message(8, new Writer().string(1, "").varint(2, 11))
                .message(7, graph).toByteArray();
    }

    /**
     * The nine nodes of a LayerNorm from {@code x} to {@code y} as PyTorch exports them, with the
     * exponent and epsilon as Constant nodes and gamma, beta as initializers named {@code name + "_gamma"}
     * and {@code name + "_beta"}.
     */
    static List<Writer> layerNorm(String x, String y, String name, float exponent) {
        String p = name + "_";
        return List.of(node("ReduceMean", List.of(x), List.of(p + "mean"), ints("axes", -1)),
                node("Sub", List.of(x, p + "mean"), List.of(p + "centred")),
                constant(p + "two", exponent),
                node("Pow", List.of(p + "centred", p + "two"), List.of(p + "squared")),
                node("ReduceMean", List.of(p + "squared"), List.of(p + "variance"), ints("axes", -1)),
                constant(p + "epsilon", 1e-12f),
                node("Add", List.of(p + "variance", p + "epsilon"), List.of(p + "shifted")),
                node("Sqrt", List.of(p + "shifted"), List.of(p + "deviation")),
                node("Div", List.of(p + "centred", p + "deviation"), List.of(p + "normalised")),
                node("Mul", List.of(p + "normalised", p + "gamma"), List.of(p + "scaled")),
                node("Add", List.of(p + "scaled", p + "beta"), List.of(y)));
    }

    /** What the encoder model varies. */
    record Shape(float firstExponent, boolean outputAfterLastLayerNorm, boolean meanReadElsewhere) {

        static final Shape BERT = new Shape(2f, true, false);
    }

    /**
     * An encoder: embeddings (Gather) -> LayerNorm -> masked rows -> MatMul + residual -> LayerNorm ->
     * last_hidden_state [batch, sequence, 8]; attention_mask zeroes padded rows before the MatMul.
     * Weights are random from {@code seed}; gamma as raw_data, beta as float_data.
     */
    static byte[] encoder(long seed, Shape shape) {
        Random random = new Random(seed);
        List<Writer> nodes = new ArrayList<>();
        List<Writer> initializers = new ArrayList<>();
        initializers.add(tensor("embeddings", new long[] { VOCABULARY, WIDTH }, randoms(random, VOCABULARY * WIDTH, 3), true));
        initializers.add(tensor("weights", new long[] { WIDTH, WIDTH }, randoms(random, WIDTH * WIDTH, 1), false));
        for (String y : List.of("h1", "h2")) {
            initializers.add(tensor(y + "_gamma", new long[] { WIDTH }, randoms(random, WIDTH, 1), true));
            initializers.add(tensor(y + "_beta", new long[] { WIDTH }, randoms(random, WIDTH, 1), false));
        }
        nodes.add(node("Gather", List.of("embeddings", "input_ids"), List.of("e")));
        nodes.addAll(layerNorm("e", "h1", "h1", shape.firstExponent()));
        nodes.add(node("Cast", List.of("attention_mask"), List.of("mask_float"),
                new Writer().string(1, "to").varint(3, FLOAT).varint(20, 2)));
        nodes.add(node("Unsqueeze", List.of("mask_float"), List.of("mask_rows"), ints("axes", 2)));
        nodes.add(node("Mul", List.of("h1", "mask_rows"), List.of("masked")));
        nodes.add(node("MatMul", List.of("masked", "weights"), List.of("mixed")));
        nodes.add(node("Add", List.of("mixed", "h1"), List.of("residual")));
        if (shape.outputAfterLastLayerNorm()) {
            nodes.addAll(layerNorm("residual", "last_hidden_state", "h2", 2f));
        } else {
            nodes.addAll(layerNorm("residual", "h2", "h2", 2f));
            initializers.add(tensor("half", new long[0], new float[] { 0.5f }, true));
            nodes.add(node("Mul", List.of("h2", "half"), List.of("last_hidden_state")));
        }
        List<Writer> outputs = new ArrayList<>(List.of(value("last_hidden_state", FLOAT, "batch", "sequence", WIDTH)));
        if (shape.meanReadElsewhere()) {
            nodes.add(node("Identity", List.of("h1_mean"), List.of("first_mean")));
            outputs.add(value("first_mean", FLOAT, "batch", "sequence", 1));
        }
        return model(nodes, initializers,
                List.of(value("input_ids", INT64, "batch", "sequence"), value("attention_mask", INT64, "batch", "sequence"),
                        value("token_type_ids", INT64, "batch", "sequence")),
                outputs);
    }

    private static float[] randoms(Random random, int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }
}
