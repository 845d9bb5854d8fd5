package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayerNormModeTest {

    @Test
    void configurationValues() {
        assertEquals(LayerNormMode.REFERENCE, LayerNormMode.of("reference"));
        assertEquals(LayerNormMode.RUNTIME, LayerNormMode.of(" Runtime "));
        assertEquals("runtime", LayerNormMode.RUNTIME.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerNormMode.of("fast"));
        assertTrue(e.getMessage().contains("layer.norm"), e.getMessage());
        assertEquals(LayerNormMode.REFERENCE, EmbeddingSettings.DEFAULTS.layerNorm());
    }

    @Test
    void javaLayerNormOnlyBefore130OnX86() {
        assertTrue(LayerNormMode.javaLayerNormNeeded("1.29.0", "amd64"));
        assertTrue(LayerNormMode.javaLayerNormNeeded("1.24.2", "x86_64"));
        assertFalse(LayerNormMode.javaLayerNormNeeded("1.30.0", "amd64"));
        assertFalse(LayerNormMode.javaLayerNormNeeded("1.31.1", "amd64"));
        assertFalse(LayerNormMode.javaLayerNormNeeded("2.0.0-rc1", "amd64"));
        assertFalse(LayerNormMode.javaLayerNormNeeded("1.29.0", "aarch64"), "only on x86-64, where the reference was made");
    }
}
