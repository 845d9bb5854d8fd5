package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.affinity.embedding.onnx.internal.LayerNormFinder.LayerNorm;
import org.affinity.embedding.onnx.internal.LayerNormParts.Part;
import org.affinity.embedding.onnx.internal.TinyOnnx.Shape;
import org.junit.jupiter.api.Test;

/** The LayerNorm pattern and the parts between LayerNorms, on a small written model and on the shipped ones. */
class LayerNormFinderTest {

    @Test
    void findsBothLayerNormsOfTheTinyEncoder() {
        OnnxGraph graph = OnnxGraph.read(TinyOnnx.encoder(1, Shape.BERT));
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), List.copyOf(graph.inputs().keySet()));
        assertEquals(List.of("last_hidden_state"), graph.outputs());
        List<LayerNorm> found = LayerNormFinder.find(graph);
        assertEquals(2, found.size());
        LayerNorm first = found.get(0);
        assertEquals("e", first.input());
        assertEquals("h1", first.output());
        assertEquals(1e-12f, first.epsilon());
        assertEquals(11, first.nodes().size(), "nine nodes and the two Constant nodes only they read");
        // gamma is stored as raw_data, beta as packed float_data
        assertArrayEquals(graph.constantFloats("h1_gamma").orElseThrow(), first.gamma());
        assertArrayEquals(graph.constantFloats("h1_beta").orElseThrow(), first.beta());
        assertEquals(TinyOnnx.WIDTH, first.gamma().length);
        assertEquals("residual", found.get(1).input());
        assertEquals("last_hidden_state", found.get(1).output());
    }

    @Test
    void onlyExactPatternsCount() {
        // exponent 3 is not a variance
        assertEquals(List.of("last_hidden_state"), outputs(TinyOnnx.encoder(1, new Shape(3f, true, false))));
        // a mean that another node reads cannot be cut out
        assertEquals(List.of("last_hidden_state"), outputs(TinyOnnx.encoder(1, new Shape(2f, true, true))));
    }

    @Test
    void partsComputeEachLayerNormInputFromInputsAndEarlierOutputs() {
        OnnxGraph graph = OnnxGraph.read(TinyOnnx.encoder(1, Shape.BERT));
        List<Part> parts = LayerNormParts.cut(graph, LayerNormFinder.find(graph), "last_hidden_state");
        assertEquals(2, parts.size());
        assertEquals(List.of("input_ids"), parts.get(0).inputs());
        assertEquals(Set.of("h1", "attention_mask"), Set.copyOf(parts.get(1).inputs()));
        OnnxGraph second = OnnxGraph.read(parts.get(1).model());
        assertEquals(List.of("residual"), second.outputs());
        assertEquals(List.of("Cast", "Unsqueeze", "Mul", "MatMul", "Add"),
                second.nodes().stream().map(OnnxGraph.Node::opType).toList(), "graph order, no LayerNorm node");
        assertEquals(List.of("weights"), List.copyOf(second.initializers().keySet()));
        assertEquals(2, second.inputs().size());
        assertArrayEquals(new int[] { 0, 1 }, LayerNormSessions.slots(parts));
    }

    @Test
    void theOutputMustBeALayerNorms() {
        OnnxGraph graph = OnnxGraph.read(TinyOnnx.encoder(1, new Shape(2f, false, false)));
        List<LayerNorm> found = LayerNormFinder.find(graph);
        assertEquals(2, found.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerNormParts.cut(graph, found, "last_hidden_state"));
        assertTrue(e.getMessage().contains("not a LayerNorm"), e.getMessage());
    }

    @Test
    void shippedInt8Models() throws Exception {
        check(Golden.onnx(Golden.MINILM_JAR, "all-minilm-l6-v2-q"), 13, 384);
        check(Golden.onnx(Golden.BGE_JAR, "bge-small-zh-v1.5-q"), 9, 512);
    }

    private static void check(byte[] model, int layerNorms, int width) {
        OnnxGraph graph = OnnxGraph.read(model);
        List<LayerNorm> found = LayerNormFinder.find(graph);
        assertEquals(layerNorms, found.size());
        for (LayerNorm layerNorm : found) {
            assertEquals(1e-12f, layerNorm.epsilon());
            assertEquals(width, layerNorm.gamma().length);
        }
        List<Part> parts = LayerNormParts.cut(graph, found, "last_hidden_state");
        assertEquals(layerNorms, parts.size());
        assertEquals(List.of("input_ids", "token_type_ids"), parts.get(0).inputs().stream().sorted().toList());
        for (int k = 1; k < parts.size(); k++) {
            assertTrue(parts.get(k).inputs().contains(found.get(k - 1).output()), "part " + k + " " + parts.get(k).inputs());
        }
        int[] slots = LayerNormSessions.slots(parts);
        assertEquals(1, Arrays.stream(slots).max().orElseThrow(), "two buffers: " + Arrays.toString(slots));
    }

    private static List<String> outputs(byte[] model) {
        return LayerNormFinder.find(OnnxGraph.read(model)).stream().map(LayerNorm::output).toList();
    }
}
