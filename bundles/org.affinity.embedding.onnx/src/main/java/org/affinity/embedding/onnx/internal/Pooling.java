package org.affinity.embedding.onnx.internal;

import java.util.Locale;

/** How a model's token vectors (last_hidden_state) become one text vector. */
public enum Pooling {
    /** The average over the text's tokens, [CLS] and [SEP] included (sentence-transformers). */
    MEAN,
    /** The vector of the first token, [CLS] (BGE). */
    CLS;

    public static Pooling of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pooling '" + name + "' (mean or cls)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
