package org.affinity.api.embedding;

import java.util.List;

/**
 * What a model is, as its model bundle declares it.
 *
 * @param id the model id, the {@value EmbeddingModel#MODEL_ID} of its service ("all-minilm-l6-v2-q")
 * @param dimension length of its vectors
 * @param languages the languages it is meant for, as ISO 639-1 codes ("en", "zh")
 * @param precision "fp32" or "int8" (quantized)
 * @param pooling how token vectors become one: "mean" or "cls"
 * @param maxTokens longer inputs are cut to this many tokens
 * @param license the model's licence (SPDX id)
 * @param bundle the symbolic name of the bundle that carries it
 * @since 1.1
 */
public record ModelInfo(String id, int dimension, List<String> languages, String precision, String pooling,
        int maxTokens, String license, String bundle) {

    public ModelInfo {
        languages = List.copyOf(languages);
    }
}
