package org.affinity.api.embedding;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The catalogue of embedding models installed in the platform, and which one is active. Installing
 * a model bundle adds its models; configuration chooses the active one, which is then registered
 * as the {@link EmbeddingModel} service.
 *
 * @since 1.1
 */
@ProviderType
public interface EmbeddingModels {

    /** Every model that can be made active now, ordered by id. */
    List<ModelInfo> available();

    /** The model the configuration asks for, whether or not it is installed. */
    String configured();

    /** The model registered as the {@link EmbeddingModel} service now, if any. */
    Optional<ModelInfo> active();

    /**
     * Every model loaded now: the active one and those loaded because a bundle asks for them
     * (registered with {@code model.active=false}), each an {@link EmbeddingModel} service.
     *
     * @since 1.3
     */
    default List<ModelInfo> loaded() {
        return active().map(List::of).orElse(List.of());
    }
}
