package org.affinity.api.embedding;

/**
 * Thrown by an {@link EmbeddingModel} that was closed before or while it served a call: its model
 * bundle stopped or the configuration switched models. The call had no effect; the current
 * {@link EmbeddingModel} service, if one is registered, serves a retry.
 *
 * @since 1.1
 */
public class ModelUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String modelId;

    public ModelUnavailableException(String modelId, String reason) {
        super("embedding model '" + modelId + "' is no longer available: " + reason);
        this.modelId = modelId;
    }

    /** The model that was asked. */
    public String modelId() {
        return modelId;
    }
}
