package org.affinity.rest.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/health: readiness. 200 and "UP" when every Affinity bundle is active and every Affinity
 * component satisfied ({@link Readiness}); a caller with a read key (or on open localhost) also gets
 * the version, the uptime and the state of every Affinity bundle, an anonymous one the status only;
 * otherwise 503 as problem details like every error of the API, whose
 * {@code readiness} says "STARTING" or "DEGRADED" and {@code notReady} names the capabilities that
 * are not ready. So a load balancer (or ./affinity run) sends traffic only once requests can be
 * served. Liveness, which a process that is only starting also has, is {@link LivenessServlet}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-health")
@HttpWhiteboardServletPattern("/api/health")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class HealthServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    /** Whether /api/health answered UP once: afterwards not ready is DEGRADED, not STARTING. */
    private volatile boolean beenReady;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime components;

    @Activate
    public HealthServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Readiness.State readiness = Readiness.of(context, components, beenReady);
        beenReady |= readiness.ready();
        // anyone may ask whether the platform is ready; only a caller with a key learns what runs in it
        boolean trusted = Boolean.TRUE.equals(request.getAttribute(ApiGate.TRUSTED));
        if (readiness.ready()) {
            send(response, 200, trusted ? health(readiness) : Map.of("status", readiness.status()));
            return;
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("readiness", readiness.status());
        String state = readiness.status().equals("STARTING") ? "starting" : "degraded";
        if (trusted) {
            extensions.put("notReady", readiness.notReady());
        }
        Problems.send(request, response, 503, trusted ? state + ": not ready yet: " + String.join(", ", readiness.notReady())
                : state + ": not ready yet (a key with role read sees what)", null, extensions);
    }

    Map<String, Object> health(Readiness.State readiness) {
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("org.affinity.")) {
                continue;
            }
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            String state = stateName(bundle.getState());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("symbolicName", name);
            entry.put("version", bundle.getVersion().toString());
            entry.put("state", fragment ? state + " (fragment)" : state);
            bundles.add(entry);
        }
        List<Map<String, Object>> unsatisfied = unsatisfiedComponents();
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.status());
        body.put("version", context.getBundle().getVersion().toString());
        body.put("uptimeSeconds", uptimeMillis / 1000.0);
        body.put("uptime", Duration.ofMillis(uptimeMillis).withNanos(0).toString().substring(2).toLowerCase());
        body.put("startedAt", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        body.put("javaVersion", Runtime.version().toString());
        body.put("bundles", bundles);
        if (!unsatisfied.isEmpty()) {
            body.put("unsatisfiedComponents", unsatisfied);
        }
        return body;
    }

    private List<Map<String, Object>> unsatisfiedComponents() {
        ServiceComponentRuntime scr = components;
        List<Map<String, Object>> result = new ArrayList<>();
        if (scr == null) {
            return result;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("org.affinity.") || !scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", description.name);
                    entry.put("bundle", description.bundle.symbolicName);
                    entry.put("state", configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                            ? "failed activation: " + configuration.failure : "unsatisfied");
                    List<String> missing = new ArrayList<>();
                    for (var reference : configuration.unsatisfiedReferences) {
                        missing.add(reference.name + " (" + reference.target + ")");
                    }
                    if (!missing.isEmpty()) {
                        entry.put("missing", missing);
                    }
                    result.add(entry);
                }
            }
        }
        return result;
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }
}
