package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model bundles: active bundles that provide {@value ModelDescription#NAMESPACE} capabilities.
 * A bundle that requires this extender is served only when wired to it (so an incompatible version
 * of the extender is never handed its models); a bundle without that requirement is served as well.
 * Models whose files are missing from the bundle are skipped with a warning.
 */
final class ModelExtender implements BundleTrackerCustomizer<List<ModelDescription>> {

    /** Told, on the thread of the bundle event, when models come and go. */
    interface Listener {
        void added(Bundle bundle, List<ModelDescription> models);

        void removed(Bundle bundle, List<ModelDescription> models);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelExtender.class);
    private static final String EXTENDER_NAMESPACE = "osgi.extender";

    private final Bundle extender;
    private final Listener listener;

    ModelExtender(Bundle extender, Listener listener) {
        this.extender = extender;
        this.listener = listener;
    }

    @Override
    public List<ModelDescription> addingBundle(Bundle bundle, BundleEvent event) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> capabilities = revision.getDeclaredCapabilities(ModelDescription.NAMESPACE);
        if (capabilities.isEmpty() || !servedByUs(bundle, revision)) {
            return null;
        }
        List<ModelDescription> models = new ArrayList<>();
        for (BundleCapability capability : capabilities) {
            try {
                ModelDescription model = ModelDescription.of(capability.getAttributes());
                if (bundle.getEntry(model.onnx()) == null || bundle.getEntry(model.tokenizer()) == null) {
                    LOG.warn("{} declares model '{}' but lacks {} or {}; skipped", bundle.getSymbolicName(),
                            model.id(), model.onnx(), model.tokenizer());
                } else {
                    models.add(model);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("{} declares a model this service cannot use: {}", bundle.getSymbolicName(), e.getMessage());
            }
        }
        if (models.isEmpty()) {
            return null;
        }
        listener.added(bundle, List.copyOf(models));
        return List.copyOf(models);
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<ModelDescription> models) {
        // the models of a bundle change only with a new revision, which goes through removed + adding
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<ModelDescription> models) {
        listener.removed(bundle, models);
    }

    private boolean servedByUs(Bundle bundle, BundleRevision revision) {
        boolean requiresExtender = false;
        for (BundleRequirement requirement : revision.getDeclaredRequirements(EXTENDER_NAMESPACE)) {
            String filter = requirement.getDirectives().get("filter");
            if (filter != null && filter.contains("(" + EXTENDER_NAMESPACE + "="
                    + ModelDescription.EXTENDER + ")")) {
                requiresExtender = true;
            }
        }
        if (!requiresExtender) {
            return true;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(EXTENDER_NAMESPACE)) {
                if (ModelDescription.EXTENDER.equals(
                        wire.getCapability().getAttributes().get(EXTENDER_NAMESPACE))) {
                    return wire.getProvider().getBundle().equals(extender);
                }
            }
        }
        LOG.warn("{} requires the {} extender but is not wired to it; its models are not served",
                bundle.getSymbolicName(), ModelDescription.EXTENDER);
        return false;
    }
}
