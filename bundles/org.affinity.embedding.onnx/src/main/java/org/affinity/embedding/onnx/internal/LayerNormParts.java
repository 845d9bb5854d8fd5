package org.affinity.embedding.onnx.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.embedding.onnx.internal.LayerNormFinder.LayerNorm;
import org.affinity.embedding.onnx.internal.OnnxGraph.Node;

/**
 * Cuts an ONNX graph at its LayerNorms: part k is a model that computes the input of LayerNorm k from
 * the graph inputs and the outputs of earlier LayerNorms, so running the parts in order, with each
 * LayerNorm computed in between, gives the graph's output. The output must be a LayerNorm's (as
 * {@code last_hidden_state} of a BERT encoder is).
 */
final class LayerNormParts {

    /**
     * One part.
     *
     * @param model the serialised part model
     * @param inputs what it reads: graph inputs and outputs of earlier LayerNorms
     * @param layerNorm the LayerNorm whose input it computes (its only output)
     * @param index its position
     */
    record Part(byte[] model, List<String> inputs, LayerNorm layerNorm, int index) {

        /** The part without its model bytes, to keep once its session is open. */
        Part withoutModel() {
            return new Part(new byte[0], inputs, layerNorm, index);
        }
    }

    private LayerNormParts() {
    }

    /**
     * The parts that compute {@code output}.
     *
     * @throws IllegalArgumentException saying why the graph cannot be cut so (no LayerNorm gives the
     *         output, or a part would need a tensor inside a LayerNorm)
     */
    static List<Part> cut(OnnxGraph graph, List<LayerNorm> layerNorms, String output) {
        int last = -1;
        for (int k = 0; k < layerNorms.size(); k++) {
            if (layerNorms.get(k).output().equals(output)) {
                last = k;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("the output " + output + " is not a LayerNorm's");
        }
        Map<String, Integer> byOutput = new HashMap<>();
        Set<Node> inside = new HashSet<>();
        for (int k = 0; k <= last; k++) {
            byOutput.put(layerNorms.get(k).output(), k);
            inside.addAll(layerNorms.get(k).nodes());
        }
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k <= last; k++) {
            parts.add(part(graph, layerNorms.get(k), k, byOutput, inside));
        }
        return parts;
    }

    /** Walks back from the LayerNorm's input to graph inputs, initializers and earlier LayerNorm outputs. */
    private static Part part(OnnxGraph graph, LayerNorm layerNorm, int index, Map<String, Integer> byOutput,
            Set<Node> inside) {
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Set<Node> nodes = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(layerNorm.input()));
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (tensor.isEmpty() || !seen.add(tensor) || graph.initializers().containsKey(tensor)) {
                continue;
            }
            Integer earlier = byOutput.get(tensor);
            if (earlier != null || graph.inputs().containsKey(tensor)) {
                if (earlier != null && earlier >= index) {
                    throw new IllegalArgumentException("part " + index + " needs the output of LayerNorm " + earlier);
                }
                inputs.add(tensor);
                continue;
            }
            Node producer = graph.producer(tensor).orElseThrow(
                    () -> new IllegalArgumentException("no node computes " + tensor));
            if (inside.contains(producer)) {
                throw new IllegalArgumentException("part " + index + " needs " + tensor + " from inside a LayerNorm");
            }
            if (nodes.add(producer)) {
                producer.inputs().forEach(pending::push);
            }
        }
        List<Node> ordered = graph.nodes().stream().filter(nodes::contains).toList();
        List<String> inputList = List.copyOf(inputs);
        byte[] model = graph.part(ordered, inputList, List.of(layerNorm.input()), "part" + index);
        return new Part(model, inputList, layerNorm, index);
    }
}
