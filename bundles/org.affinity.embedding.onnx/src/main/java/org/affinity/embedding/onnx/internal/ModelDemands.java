package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the models that active bundles ask for besides the active one: a requirement in the
 * {@value ModelDescription#NAMESPACE} namespace with {@code effective:=active}, e.g.
 * {@code Require-Capability: affinity.embedding.model;filter:="(languages=zh)";effective:=active}.
 * The resolver ignores such requirements (the bundle resolves without the model); the embedding
 * service loads a model that matches for as long as an asking bundle is active. Declared in the
 * manifest rather than seen on service listeners because DS applies reference targets itself: the
 * framework only ever sees "(objectClass=...EmbeddingModel)".
 */
final class ModelDemands implements BundleTrackerCustomizer<List<Filter>> {

    /** Told, on the thread of the bundle event, when a bundle's demands come and go. */
    interface Listener {
        void demanded(Bundle bundle, List<Filter> filters);

        void released(Bundle bundle);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelDemands.class);

    private final Listener listener;

    ModelDemands(Listener listener) {
        this.listener = listener;
    }

    @Override
    public List<Filter> addingBundle(Bundle bundle, BundleEvent event) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<Filter> filters = new ArrayList<>();
        for (BundleRequirement requirement : revision.getDeclaredRequirements(ModelDescription.NAMESPACE)) {
            if (!"active".equals(requirement.getDirectives().get("effective"))) {
                continue;
            }
            String filter = requirement.getDirectives().get("filter");
            try {
                filters.add(FrameworkUtil.createFilter(filter == null ? "(" + ModelDescription.NAMESPACE + "=*)" : filter));
            } catch (InvalidSyntaxException e) {
                LOG.warn("{} asks for an embedding model with a bad filter '{}': {}", bundle.getSymbolicName(), filter,
                        e.getMessage());
            }
        }
        if (filters.isEmpty()) {
            return null;
        }
        listener.demanded(bundle, List.copyOf(filters));
        return List.copyOf(filters);
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<Filter> filters) {
        // requirements change only with a new revision, which goes through removed + adding
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<Filter> filters) {
        listener.released(bundle);
    }
}
