package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.security.ApiKey;
import org.affinity.api.security.ApiKeys;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/whoami: the calling key's id, name and roles, for any valid key (role {@code any}), so a
 * page can hide what its key may not do; the gate still refuses those operations. Never the secret.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-whoami")
@HttpWhiteboardServletPattern("/api/whoami")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class WhoAmIServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The key as a caller may see it; id and name are null for an open localhost request without a key. */
    public record WhoAmI(String id, String name, List<String> roles) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The gate sets the key on every admitted request; none means open.localhost, which acts as admin.
        Object key = request.getAttribute(ApiGate.KEY);
        if (key instanceof ApiKey k) {
            send(response, 200, new WhoAmI(k.id(), k.name(), List.copyOf(new TreeSet<>(k.roles()))));
        } else {
            send(response, 200, new WhoAmI(null, null, List.of(ApiKeys.ADMIN)));
        }
    }
}
