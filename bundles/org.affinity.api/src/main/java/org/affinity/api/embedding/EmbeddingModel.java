package org.affinity.api.embedding;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A text-embedding model shared by every capability. Registered with the service property
 * {@value #MODEL_ID}; vectors are L2-normalised, so a dot product is the cosine similarity.
 * Implementations are thread-safe and batch concurrent calls.
 */
@ProviderType
public interface EmbeddingModel {

    /** Service property naming the model (e.g. "all-minilm-l6-v2-q"). */
    String MODEL_ID = "model.id";

    String id();

    int dimension();

    float[] embed(String text);

    /** Embeds many texts; the result has the same order and size as {@code texts}. */
    List<float[]> embedAll(List<String> texts);
}
