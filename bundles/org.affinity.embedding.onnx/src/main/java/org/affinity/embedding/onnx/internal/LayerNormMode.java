package org.affinity.embedding.onnx.internal;

import java.util.Locale;

/**
 * How the int8 models compute their LayerNorms (configuration {@code layer.norm}).
 * <p>
 * The reference embeddings of the int8 models were made with ONNX Runtime 1.30 on x86-64, whose
 * LayerNorm kernel rounds differently from earlier releases, and the int8 models amplify that (see the
 * README, "Accuracy"). {@link #REFERENCE} computes every LayerNorm in Java with 1.30's arithmetic where
 * that matters (int8 model, ONNX Runtime before 1.30, x86-64); {@link #RUNTIME} always leaves them to
 * ONNX Runtime.
 */
public enum LayerNormMode {
    REFERENCE, RUNTIME;

    /**
     * The mode named {@code value} ("reference" or "runtime", any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static LayerNormMode of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer.norm must be 'reference' or 'runtime', not '" + value + "'");
        }
    }

    /** The configuration value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this ONNX Runtime already computes LayerNorm as the reference did: 1.30 or later, on
     * x86-64 (where its AVX2/FMA kernel runs).
     */
    static boolean runtimeIsReference(String onnxRuntimeVersion, String arch) {
        String[] parts = onnxRuntimeVersion.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        boolean x86 = "amd64".equals(arch) || "x86_64".equals(arch);
        return x86 && (major > 1 || (major == 1 && minor >= 30));
    }

    /** Whether Java should compute the LayerNorms on x86-64 before ONNX Runtime 1.30 (elsewhere it would not match). */
    static boolean javaLayerNormNeeded(String onnxRuntimeVersion, String arch) {
        boolean x86 = "amd64".equals(arch) || "x86_64".equals(arch);
        return x86 && !runtimeIsReference(onnxRuntimeVersion, arch);
    }
}
