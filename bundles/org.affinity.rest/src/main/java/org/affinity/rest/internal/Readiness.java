package org.affinity.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the platform can take traffic: every installed Affinity bundle is active (a fragment
 * resolved) and every enabled component of theirs is satisfied. A bundle's components are its
 * capability: while the ingestion component waits for the store, POST /api/events can only answer
 * 503, so the platform is not ready, whatever the HTTP server says.
 *
 * <p>"STARTING" until the platform has been ready once since this bundle started (bundles are being
 * started, components wait for the store's database), "DEGRADED" when something is not ready after
 * that (a stopped bundle, a failed activation, a database gone), "UP" otherwise.
 */
final class Readiness {

    /** The answer: a status and the capabilities (bundle symbolic names) that are not ready, sorted. */
    record State(String status, List<String> notReady) {

        boolean ready() {
            return status.equals("UP");
        }
    }

    private Readiness() {
    }

    /** @param beenReady whether the platform was ready before (since this bundle started) */
    static State of(BundleContext context, ServiceComponentRuntime components, boolean beenReady) {
        Set<String> notReady = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("org.affinity.")) {
                continue;
            }
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (fragment ? bundle.getState() != Bundle.RESOLVED : bundle.getState() != Bundle.ACTIVE) {
                notReady.add(name);
            }
        }
        if (components == null) {
            notReady.add("the component runtime (Declarative Services)");
        } else {
            for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
                if (description.bundle.symbolicName.startsWith("org.affinity.") && components.isComponentEnabled(description)
                        && !satisfied(components.getComponentConfigurationDTOs(description))) {
                    notReady.add(description.bundle.symbolicName);
                }
            }
        }
        String status = notReady.isEmpty() ? "UP" : beenReady ? "DEGRADED" : "STARTING";
        return new State(status, new ArrayList<>(notReady));
    }

    /**
     * Satisfied or active. A component whose configuration is required but absent has no
     * configuration at all: nothing asked for it (PostgreSQL before it is configured), so it is not
     * waited for.
     */
    static boolean satisfied(Iterable<ComponentConfigurationDTO> configurations) {
        for (ComponentConfigurationDTO configuration : configurations) {
            if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                    || configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                    || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return false;
            }
        }
        return true;
    }
}
