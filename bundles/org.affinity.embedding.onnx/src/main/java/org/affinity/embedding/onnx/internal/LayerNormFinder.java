package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.affinity.embedding.onnx.internal.OnnxGraph.Node;

/**
 * Finds the LayerNorms of a BERT-style ONNX graph as exported from PyTorch (opset < 17): the nodes
 * ReduceMean, Sub, Pow(2), ReduceMean, Add(epsilon), Sqrt, Div, Mul(gamma), Add(beta) over the last
 * axis. Only exact matches count: every intermediate tensor read by the pattern alone, constant
 * epsilon, gamma and beta, exponent 2, axes [-1] and keepdims. ONNX Runtime fuses exactly this into
 * its LayerNormalization kernel.
 */
final class LayerNormFinder {

    /**
     * One LayerNorm: {@code output = (input - mean) / sqrt(variance + epsilon) * gamma + beta} over the
     * last axis, and the nodes (with their private Constant nodes) that compute it.
     */
    record LayerNorm(String input, String output, float epsilon, float[] gamma, float[] beta, Set<Node> nodes) {
    }

    private LayerNormFinder() {
    }

    /** The graph's LayerNorms in graph order (so each one's input is computed before it). */
    static List<LayerNorm> find(OnnxGraph graph) {
        List<LayerNorm> found = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (node.opType().equals("ReduceMean")) {
                match(graph, node).ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<LayerNorm> match(OnnxGraph graph, Node mean) {
        if (!lastAxisMean(mean)) {
            return Optional.empty();
        }
        String x = mean.inputs().get(0);
        Node sub = only(graph, mean, "Sub");
        if (sub == null || !sub.inputs().equals(List.of(x, out(mean)))) {
            return Optional.empty();
        }
        List<Node> centred = graph.consumers(out(sub));
        Node pow = centred.stream().filter(n -> is(n, "Pow")).findFirst().orElse(null);
        Node div = centred.stream().filter(n -> is(n, "Div")).findFirst().orElse(null);
        if (centred.size() != 2 || pow == null || div == null || !pow.inputs().get(0).equals(out(sub))
                || !isScalar(graph, pow.inputs().get(1), 2f)) {
            return Optional.empty();
        }
        Node variance = only(graph, pow, "ReduceMean");
        if (variance == null || !lastAxisMean(variance)) {
            return Optional.empty();
        }
        Node addEpsilon = only(graph, variance, "Add");
        Node sqrt = addEpsilon == null ? null : only(graph, addEpsilon, "Sqrt");
        if (sqrt == null || only(graph, sqrt, "Div") != div || !div.inputs().equals(List.of(out(sub), out(sqrt)))) {
            return Optional.empty();
        }
        Node mul = only(graph, div, "Mul");
        Node addBeta = mul == null ? null : only(graph, mul, "Add");
        if (addBeta == null) {
            return Optional.empty();
        }
        String epsilonName = other(addEpsilon, out(variance));
        String gammaName = other(mul, out(div));
        String betaName = other(addBeta, out(mul));
        Optional<float[]> epsilon = graph.constantFloats(epsilonName);
        Optional<float[]> gamma = graph.constantFloats(gammaName);
        Optional<float[]> beta = graph.constantFloats(betaName);
        if (epsilon.isEmpty() || epsilon.get().length != 1 || gamma.isEmpty() || beta.isEmpty()
                || gamma.get().length != beta.get().length || gamma.get().length == 0) {
            return Optional.empty();
        }
        Set<Node> nodes = new HashSet<>(List.of(mean, sub, pow, variance, addEpsilon, sqrt, div, mul, addBeta));
        for (String constant : List.of(pow.inputs().get(1), epsilonName, gammaName, betaName)) {
            graph.producer(constant).filter(p -> graph.consumers(constant).size() == 1).ifPresent(nodes::add);
        }
        if (nodes.stream().anyMatch(n -> n != addBeta && n.outputs().stream().anyMatch(graph.outputs()::contains))) {
            return Optional.empty(); // an intermediate tensor is a graph output
        }
        return Optional.of(new LayerNorm(x, out(addBeta), epsilon.get()[0], gamma.get(), beta.get(), Set.copyOf(nodes)));
    }

    /** ReduceMean over the last axis, keeping it (opset < 18: axes is an attribute). */
    private static boolean lastAxisMean(Node node) {
        return node.domain().isEmpty() && node.inputs().size() == 1 && node.outputs().size() == 1
                && node.intsAttribute("axes").equals(List.of(-1L)) && node.intAttribute("keepdims", 1) == 1;
    }

    /** The one node that reads {@code node}'s output, if it has op type {@code opType} and one output. */
    private static Node only(OnnxGraph graph, Node node, String opType) {
        List<Node> consumers = graph.consumers(out(node));
        if (consumers.size() != 1 || !is(consumers.get(0), opType) || consumers.get(0).outputs().size() != 1) {
            return null;
        }
        return consumers.get(0);
    }

    private static boolean is(Node node, String opType) {
        return node.opType().equals(opType) && node.domain().isEmpty();
    }

    private static String out(Node node) {
        return node.outputs().get(0);
    }

    /** The input of a two-input node that is not {@code tensor} (null when both or neither are). */
    private static String other(Node node, String tensor) {
        if (node.inputs().size() != 2) {
            return null;
        }
        if (node.inputs().get(0).equals(tensor) && !node.inputs().get(1).equals(tensor)) {
            return node.inputs().get(1);
        }
        if (node.inputs().get(1).equals(tensor) && !node.inputs().get(0).equals(tensor)) {
            return node.inputs().get(0);
        }
        return null;
    }

    private static boolean isScalar(OnnxGraph graph, String tensor, float value) {
        return graph.constantFloats(tensor).map(v -> v.length == 1 && v[0] == value).orElse(false);
    }
}
