package org.affinity.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.ingest.IngestResult;
import org.affinity.api.ingest.Ingestion;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * POST /api/events: one event, a JSON array or NDJSON. Idempotent by event id. The answer says how
 * many were stored and how many were duplicates; if any record is invalid the answer is 400 and
 * lists each (line, field, reason) — the valid ones of the same body are stored all the same.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-events")
@HttpWhiteboardServletPattern("/api/events")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class EventsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Ingestion ingestion;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Ingestion current = require(ingestion, "ingestion");
        IngestResult result = current.events(Bodies.records(request));
        sendResult(request, response, result, "events");
    }

    /**
     * 200 when everything was valid, else 400 problem details with an {@code errors} entry per
     * rejected record; both say what was stored ({@code accepted}, {@code duplicates}, {@code rejected}).
     */
    static void sendResult(HttpServletRequest request, HttpServletResponse response, IngestResult result, String what)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", result.accepted());
        body.put("duplicates", result.duplicates());
        body.put("rejected", result.rejections());
        if (result.complete()) {
            send(response, 200, body);
        } else {
            Problems.send(request, response, 400, result.rejections().size() + " " + what + " rejected (listed); the "
                    + (result.accepted() + result.duplicates()) + " valid ones were stored", result.rejections(), body);
        }
    }
}
