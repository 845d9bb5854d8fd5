package org.affinity.itest;

import java.util.Optional;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A consumer of the embedding model as capabilities hold it: a dynamic, greedy, optional reference
 * that follows the service through model switches and model-bundle restarts.
 */
@Component(service = EmbeddingConsumer.class)
public class EmbeddingConsumer {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + EmbeddingModel.ACTIVE + "=true)")
    volatile EmbeddingModel model;

    /** The model bound now, if any. */
    public Optional<EmbeddingModel> model() {
        return Optional.ofNullable(model);
    }

    /**
     * Embeds with the model bound now; when that model goes away during the call, once more with
     * the one bound next. Empty while no model is bound.
     */
    public Optional<float[]> embed(String text) {
        for (int attempt = 0; attempt < 2; attempt++) {
            EmbeddingModel current = model;
            if (current == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(current.embed(text));
            } catch (ModelUnavailableException e) {
                if (attempt == 1) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }
}
