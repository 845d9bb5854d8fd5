package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.affinity.embedding.onnx.internal.ProtoWire.Field;

/**
 * The main graph of an ONNX model (onnx.proto3), read as far as cutting it into parts needs: nodes
 * (inputs, outputs, op type, attributes), initializers, graph inputs and outputs. Every piece keeps
 * its raw bytes, so a part copies them unchanged. Nodes are in the file's order, which ONNX requires
 * to be topological.
 */
final class OnnxGraph {

    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TENSOR = 5;
    private static final int ATTRIBUTE_INTS = 8;
    // TensorProto
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int FLOAT = 1;
    // ValueInfoProto, TypeProto, TypeProto.Tensor
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;

    /** One node: its tensors by name ("" for an omitted optional input), op type and raw bytes. */
    record Node(int index, String opType, String domain, List<String> inputs, List<String> outputs,
            List<Field> attributes, Field raw) {

        /** The attribute's field list, if the node has it. */
        Optional<List<Field>> attribute(String name) {
            for (Field attribute : attributes) {
                List<Field> fields = attribute.message();
                for (Field field : fields) {
                    if (field.number() == ATTRIBUTE_NAME && field.string().equals(name)) {
                        return Optional.of(fields);
                    }
                }
            }
            return Optional.empty();
        }

        /** An integer attribute, or {@code fallback} when absent. */
        long intAttribute(String name, long fallback) {
            return attribute(name).flatMap(fields -> fields.stream().filter(f -> f.number() == ATTRIBUTE_INT)
                    .findFirst()).map(Field::varint).orElse(fallback);
        }

        /** An integer-list attribute (packed or not), empty when absent. */
        List<Long> intsAttribute(String name) {
            List<Long> values = new ArrayList<>();
            attribute(name).ifPresent(fields -> {
                for (Field field : fields) {
                    if (field.number() != ATTRIBUTE_INTS) {
                        continue;
                    }
                    if (field.wireType() == ProtoWire.VARINT) {
                        values.add(field.varint());
                    } else {
                        packedVarints(field, values);
                    }
                }
            });
            return values;
        }
    }

    private final List<Field> modelFields;
    private final List<Node> nodes;
    private final Map<String, Field> initializers;
    private final Map<String, Field> inputs;
    private final List<String> outputs;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();

    private OnnxGraph(List<Field> modelFields, List<Node> nodes, Map<String, Field> initializers,
            Map<String, Field> inputs, List<String> outputs) {
        this.modelFields = modelFields;
        this.nodes = nodes;
        this.initializers = initializers;
        this.inputs = inputs;
        this.outputs = outputs;
        for (Node node : nodes) {
            node.outputs().forEach(output -> producers.put(output, node));
            node.inputs().forEach(input -> consumers.computeIfAbsent(input, i -> new ArrayList<>()).add(node));
        }
    }

    /**
     * Reads a serialised ModelProto.
     *
     * @throws IllegalArgumentException when the bytes are not an ONNX model with a graph
     */
    static OnnxGraph read(byte[] model) {
        List<Field> modelFields = ProtoWire.fields(model, 0, model.length);
        Field graph = modelFields.stream().filter(f -> f.number() == MODEL_GRAPH).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model has no graph"));
        List<Node> nodes = new ArrayList<>();
        Map<String, Field> initializers = new LinkedHashMap<>();
        Map<String, Field> inputs = new LinkedHashMap<>();
        List<String> outputs = new ArrayList<>();
        for (Field field : graph.message()) {
            switch (field.number()) {
                case GRAPH_NODE -> nodes.add(node(nodes.size(), field));
                case GRAPH_INITIALIZER -> initializers.put(name(field.message(), TENSOR_NAME), field);
                case GRAPH_INPUT -> inputs.put(name(field.message(), VALUE_NAME), field);
                case GRAPH_OUTPUT -> outputs.add(name(field.message(), VALUE_NAME));
                default -> {
                }
            }
        }
        inputs.keySet().removeAll(initializers.keySet()); // IR < 4 lists initializers as inputs too
        return new OnnxGraph(modelFields, nodes, initializers, inputs, outputs);
    }

    private static Node node(int index, Field field) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<Field> attributes = new ArrayList<>();
        String opType = "";
        String domain = "";
        for (Field f : field.message()) {
            switch (f.number()) {
                case NODE_INPUT -> inputs.add(f.string());
                case NODE_OUTPUT -> outputs.add(f.string());
                case NODE_OP_TYPE -> opType = f.string();
                case NODE_DOMAIN -> domain = f.string();
                case NODE_ATTRIBUTE -> attributes.add(f);
                default -> {
                }
            }
        }
        return new Node(index, opType, domain, List.copyOf(inputs), List.copyOf(outputs), List.copyOf(attributes),
                field);
    }

    private static String name(List<Field> fields, int number) {
        for (Field field : fields) {
            if (field.number() == number) {
                return field.string();
            }
        }
        return "";
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Graph inputs fed by the caller (initializers excluded). */
    Map<String, Field> inputs() {
        return inputs;
    }

    List<String> outputs() {
        return outputs;
    }

    Map<String, Field> initializers() {
        return initializers;
    }

    /** The node that computes {@code tensor}; empty for graph inputs and initializers. */
    Optional<Node> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** The nodes that read {@code tensor}. */
    List<Node> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /**
     * The value of a constant float tensor: an initializer or the output of a Constant node, stored
     * as raw_data or float_data.
     *
     * @return empty when the tensor is not a constant, not float, or stored outside the model
     */
    Optional<float[]> constantFloats(String tensor) {
        List<Field> proto = null;
        Field initializer = initializers.get(tensor);
        if (initializer != null) {
            proto = initializer.message();
        } else {
            Node producer = producers.get(tensor);
            if (producer != null && producer.opType().equals("Constant") && producer.domain().isEmpty()) {
                proto = producer.attribute("value").flatMap(fields -> fields.stream()
                        .filter(f -> f.number() == ATTRIBUTE_TENSOR).findFirst()).map(Field::message).orElse(null);
            }
        }
        return proto == null ? Optional.empty() : Optional.ofNullable(floats(proto));
    }

    /** A TensorProto's float values; null when it is not float or its data is external. */
    static float[] floats(List<Field> tensor) {
        long dataType = 0;
        Field raw = null;
        List<Field> floatData = new ArrayList<>();
        for (Field field : tensor) {
            switch (field.number()) {
                case TENSOR_DATA_TYPE -> dataType = field.varint();
                case TENSOR_RAW_DATA -> raw = field;
                case TENSOR_FLOAT_DATA -> floatData.add(field);
                case TENSOR_DATA_LOCATION -> {
                    if (field.varint() != 0) {
                        return null;
                    }
                }
                default -> {
                }
            }
        }
        if (dataType != FLOAT) {
            return null;
        }
        if (raw != null) {
            return littleEndianFloats(raw.bytes(), raw.start(), raw.end());
        }
        List<Float> values = new ArrayList<>();
        for (Field field : floatData) {
            if (field.wireType() == ProtoWire.FIXED32) {
                values.add(field.fixed32Float());
            } else {
                for (float value : littleEndianFloats(field.bytes(), field.start(), field.end())) {
                    values.add(value);
                }
            }
        }
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    private static float[] littleEndianFloats(byte[] bytes, int start, int end) {
        if ((end - start) % 4 != 0) {
            throw new IllegalArgumentException("float data of " + (end - start) + " bytes");
        }
        float[] values = new float[(end - start) / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(ProtoWire.littleEndianInt(bytes, start + 4 * i));
        }
        return values;
    }

    private static void packedVarints(Field field, List<Long> values) {
        // packed: the payload is the varints one after another
        byte[] bytes = field.bytes();
        int position = field.start();
        while (position < field.end()) {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0 && position < field.end());
            values.add(value);
        }
    }

    /**
     * A model of the same opset and metadata whose graph holds {@code nodes} (in graph order), the
     * initializers they read, {@code partInputs} as inputs (graph inputs keep their declared type;
     * other tensors are declared float of any shape) and {@code partOutputs} as float outputs.
     */
    byte[] part(List<Node> partNodes, List<String> partInputs, List<String> partOutputs, String name) {
        ProtoWire.Writer graph = new ProtoWire.Writer();
        Set<String> read = new HashSet<>();
        for (Node node : partNodes) {
            graph.copy(node.raw());
            read.addAll(node.inputs());
        }
        graph.string(GRAPH_NAME, name);
        initializers.forEach((tensor, field) -> {
            if (read.contains(tensor)) {
                graph.copy(field);
            }
        });
        for (String input : partInputs) {
            Field declared = inputs.get(input);
            if (declared != null) {
                graph.copy(declared);
            } else {
                graph.message(GRAPH_INPUT, floatValue(input));
            }
        }
        for (String output : partOutputs) {
            graph.message(GRAPH_OUTPUT, floatValue(output));
        }
        ProtoWire.Writer model = new ProtoWire.Writer();
        for (Field field : modelFields) {
            if (field.number() != MODEL_GRAPH) {
                model.copy(field);
            }
        }
        return model.message(MODEL_GRAPH, graph).toByteArray();
    }

    private static ProtoWire.Writer floatValue(String name) {
        ProtoWire.Writer tensorType = new ProtoWire.Writer().varint(TENSOR_TYPE_ELEM_TYPE, FLOAT);
        return new ProtoWire.Writer().string(VALUE_NAME, name)
                .message(VALUE_TYPE, new ProtoWire.Writer().message(TYPE_TENSOR, tensorType));
    }
}
