package org.affinity.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.security.ApiKey;
import org.affinity.api.security.ApiKeys;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate of the API: the servlet context {@value #CONTEXT} at "/", which every Affinity servlet
 * (and any capability bundle's servlet) selects. Before a request reaches its servlet it must carry a
 * valid API key ({@code Authorization: Bearer <key>} or {@code X-API-Key}) whose roles include the one
 * the OpenAPI document declares for the operation ({@link Routes}; undocumented routes need admin),
 * stay within its key's rate, and send no more body than the operation takes. Keys are never accepted
 * in the URL. Member data access is audited ({@link AuditTrail}).
 */
@Component(service = ServletContextHelper.class, configurationPid = "org.affinity.rest", immediate = true)
@HttpWhiteboardContext(name = ApiGate.CONTEXT, path = "/")
@Designate(ocd = GateConfig.class)
public class ApiGate extends ServletContextHelper {

    static final String CONTEXT = "affinity";
    /** The select filter every Affinity servlet registers with. */
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT + ")";
    /** Request attribute: the {@link ApiKey} that was let in (absent for public routes and open localhost). */
    static final String KEY = "org.affinity.rest.key";
    /** Request attribute (Boolean): the caller may see operational details (a valid key, or open localhost). */
    static final String TRUSTED = "org.affinity.rest.trusted";
    private static final String ROUTE = "org.affinity.rest.route";
    private static final String STARTED = "org.affinity.rest.started";
    private static final Set<String> KEY_PARAMETERS = Set.of("key", "api_key", "apikey", "api-key", "token", "access_token");
    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    private final Routes routes;
    private final AuditTrail audit;
    private final RequestMetrics metrics = new RequestMetrics();
    private volatile GateConfig config;
    private volatile Set<String> publicOperations;
    private volatile RateLimiter limiter;

    @Activate
    public ApiGate(BundleContext context, GateConfig config) throws IOException {
        super(context.getBundle());
        try (InputStream document = ApiGate.class.getResourceAsStream(OpenApiServlet.RESOURCE)) {
            this.routes = Routes.read(document);
        }
        String data = context.getProperty("affinity.data");
        this.audit = new AuditTrail(Path.of(data == null ? "var" : data, "audit", "member-access.log"));
        configure(config);
    }

    @Modified
    void configure(GateConfig with) {
        config = with;
        publicOperations = Set.of(with.public_operations());
        limiter = new RateLimiter(with.rate_per_second(), with.rate_burst());
        if (with.open_localhost()) {
            LOG.warn("the API is open to requests from this machine without a key (open.localhost, PID org.affinity.rest)");
        }
    }

    @Deactivate
    void deactivate() {
        audit.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        metrics.bind(registry);
    }

    void unbindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        metrics.unbind(registry);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return true;
        }
        request.setAttribute(STARTED, System.nanoTime());
        boolean admitted = check(request, response, path);
        if (!admitted) {
            if (response.getStatus() != 413) {
                drain(request);
            }
            metrics.observe(request, response.getStatus(), (Long) request.getAttribute(STARTED), operation(request, path));
        }
        return admitted;
    }

    /** The operationId of the request's documented route, or "unknown". */
    private String operation(HttpServletRequest request, String path) {
        Object match = request.getAttribute(ROUTE);
        if (match instanceof Routes.Match m) {
            return m.route().operationId();
        }
        Routes.Match found = routes.match(request.getMethod(), path);
        return found == null ? "unknown" : found.route().operationId();
    }

    private boolean check(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        for (String parameter : request.getParameterMap().keySet()) {
            if (KEY_PARAMETERS.contains(parameter.toLowerCase(java.util.Locale.ROOT))) {
                Problems.send(request, response, 400, "API keys are never accepted in URLs (they end up in logs and "
                        + "browser histories): remove '" + parameter + "' and send Authorization: Bearer <key>", null, null);
                return false;
            }
        }
        Routes.Match match = routes.match(request.getMethod(), path);
        Routes.Route route = match == null ? null : match.route();
        GateConfig with = config;
        if (route != null && (Routes.PUBLIC.equals(route.role()) || publicOperations.contains(route.operationId()))) {
            request.setAttribute(ROUTE, match);
            // public, yet a caller with a valid key (or on open localhost) may see more than the anonymous
            // status: never refused for a bad key, which a public route does not need
            ApiKeys current = keys;
            String token = token(request);
            Optional<ApiKey> key = token == null || current == null ? Optional.empty() : current.verify(token);
            key.ifPresent(k -> request.setAttribute(KEY, k));
            request.setAttribute(TRUSTED, key.map(k -> k.allows(ApiKeys.READ)).orElse(false)
                    || with.open_localhost() && loopback(request.getRemoteAddr()));
            return true;
        }
        if (with.open_localhost() && loopback(request.getRemoteAddr())) {
            return admitted(request, response, null, route, match);
        }
        ApiKeys current = keys;
        if (current == null) {
            Problems.send(request, response, 503, "the key service (bundle org.affinity.security) is not running: "
                    + "no request can be authorised", null, null);
            return false;
        }
        String token = token(request);
        if (token == null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"affinity\"");
            Problems.send(request, response, 401, "no API key: send Authorization: Bearer <key> (or X-API-Key: <key>); "
                    + "the first admin key is in security/admin.key of the data folder (./affinity key)", null, null);
            return false;
        }
        Optional<ApiKey> key = current.verify(token);
        if (key.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"affinity\", error=\"invalid_token\"");
            Problems.send(request, response, 401, "the API key is not valid: unknown, revoked or expired", null, null);
            return false;
        }
        String role = route == null || route.role() == null ? ApiKeys.ADMIN : route.role();
        if (!Routes.ANY.equals(role) && !key.get().allows(role)) {
            Problems.send(request, response, 403, "key " + key.get().id() + " (roles " + key.get().roles() + ") lacks role '"
                    + role + "', which " + (route == null ? "an undocumented route" : route.operationId()) + " needs",
                    null, null);
            return false;
        }
        long wait = limiter.acquire(key.get().id(), System.nanoTime());
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(wait));
            Problems.send(request, response, 429, "key " + key.get().id() + " sent more than " + with.rate_per_second()
                    + " requests a second (burst " + with.rate_burst() + "): retry after " + wait + " s", null, null);
            return false;
        }
        return admitted(request, response, key.get(), route, match);
    }

    /** Checks the body size, then lets the request through as {@code key}. */
    private boolean admitted(HttpServletRequest request, HttpServletResponse response, ApiKey key, Routes.Route route,
            Routes.Match match) throws IOException {
        long limit = route == null ? Routes.DEFAULT_MAX_BODY : route.maxBody();
        long length = request.getContentLengthLong();
        if (length > limit) {
            Problems.send(request, response, 413, "the body (" + length + " bytes) is larger than " + size(limit)
                    + ", the most " + (route == null ? "this route" : route.operationId()) + " takes"
                    + (route != null && route.maxBody() > Routes.DEFAULT_MAX_BODY ? ": send it in parts, or as a file to "
                            + "POST /api/imports" : ""), null, null);
            return false;
        }
        request.setAttribute(TRUSTED, key == null || key.allows(ApiKeys.READ));
        if (key != null) {
            request.setAttribute(KEY, key);
            request.setAttribute(REMOTE_USER, key.id());
            request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
        }
        if (match != null) {
            request.setAttribute(ROUTE, match);
        }
        return true;
    }

    /**
     * Reads what is left of a request body that was answered without being read (a refusal, or a route that
     * takes none): Jetty would otherwise close the connection with the body unread, and a client still sending
     * it can lose the answer to the reset. At most the default body limit (1 MiB) is read; a body the gate
     * refused as too large is not read at all.
     */
    private static void drain(HttpServletRequest request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return; // no body (every GET): nothing to read
        }
        try {
            javax.servlet.ServletInputStream body = request.getInputStream(); // refused if the servlet took the reader
            long left = Routes.DEFAULT_MAX_BODY;
            byte[] buffer = new byte[8192];
            int read;
            while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            // the body was read another way, or the client went away: nothing left to do
        }
    }

    @Override
    public void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        drain(request);
        Object started = request.getAttribute(STARTED);
        if (started instanceof Long nanos) {
            metrics.observe(request, response.getStatus(), nanos, operation(request, request.getRequestURI()));
        }
        Object attribute = request.getAttribute(ROUTE);
        if (!(attribute instanceof Routes.Match match) || !config.audit() || match.route().member() == null) {
            return;
        }
        String member = match.route().member(match.matcher(), request.getParameterMap());
        if (member != null) {
            Object key = request.getAttribute(KEY);
            audit.record(key instanceof ApiKey k ? k.id() : "localhost", match.route().operationId(), request.getMethod(),
                    decode(member), response.getStatus());
        }
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String token(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = request.getHeader("X-API-Key");
        return header == null || header.isBlank() ? null : header.strip();
    }

    private static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    Routes routes() {
        return routes;
    }

}
