package org.affinity.api.embedding;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A text-embedding model shared by every capability. Registered with the service properties
 * {@value #MODEL_ID} and {@value #DIMENSION}; vectors are L2-normalised, so a dot product is the
 * cosine similarity. Implementations are thread-safe and batch concurrent calls.
 * <p>
 * The service goes away when its model is switched or its model bundle stops. A call that is running
 * at that moment either completes or throws {@link ModelUnavailableException}; consumers hold the
 * service through a dynamic reference and use the one registered next.
 */
@ProviderType
public interface EmbeddingModel {

    /** Service property naming the model (e.g. "all-minilm-l6-v2-q"). */
    String MODEL_ID = "model.id";

    /**
     * Service property with the vector dimension (an Integer), e.g. to filter for 384-d models.
     *
     * @since 1.1
     */
    String DIMENSION = "model.dimension";

    /**
     * Service property (a Boolean): true on the model the configuration chose, the one every
     * capability shares (reference it with the target {@code (model.active=true)}); false on models
     * loaded because a bundle asks for them in its manifest, e.g. Chinese text:
     * {@code Require-Capability: affinity.embedding.model;filter:="(languages=zh)";effective:=active}
     * and a reference with the target {@code (model.languages=zh)}.
     *
     * @since 1.3
     */
    String ACTIVE = "model.active";

    String id();

    int dimension();

    /** @throws ModelUnavailableException when the model was closed before or during the call */
    float[] embed(String text);

    /**
     * Embeds many texts; the result has the same order and size as {@code texts}.
     *
     * @throws ModelUnavailableException when the model was closed before or during the call
     */
    List<float[]> embedAll(List<String> texts);
}
