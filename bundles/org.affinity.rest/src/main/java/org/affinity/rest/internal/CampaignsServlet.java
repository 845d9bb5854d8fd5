package org.affinity.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.job.Job;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.marketing.SimulationRequest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Campaigns: GET /api/campaigns; POST /api/campaigns (a definition: 201, or 400 naming every wrong
 * field); GET /api/campaigns/{id}; GET /api/campaigns/{id}/audience?offset=0&amp;limit=50 (preview);
 * POST /api/campaigns/{id}/send (202 with the job); POST /api/campaigns/{id}/cancel;
 * GET /api/campaigns/{id}/report; POST /api/campaigns/simulate (202 with the job, whose result is the
 * simulation report); POST /api/campaigns/draft {brief, channel, variants} (copy drafted by the
 * language model, 503 when drafting is off or no model is present).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-campaigns")
@HttpWhiteboardServletPattern({"/api/campaigns", "/api/campaigns/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class CampaignsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** Enum values in any case ("theme", "THEME"), as the rest of the API reads them. */
    @SuppressWarnings("deprecation")
    private static final ObjectMapper READER = Json.MAPPER.copy().configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
    private static final String MARKETING = "marketing (org.affinity.marketing)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Campaigns campaignService;

    /** What a campaign needs but cannot have now (profiles, vectors, the model) is a 503 saying which. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            get(request, response);
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            post(request, response);
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Campaigns campaigns = require(campaignService, MARKETING);
        List<String> path = segments(request);
        if (path.isEmpty()) {
            send(response, 200, Map.of("campaigns", campaigns.list()));
        } else if (path.size() == 1) {
            send(response, 200, find(campaigns, path.get(0)));
        } else if (path.size() == 2 && path.get(1).equals("audience")) {
            find(campaigns, path.get(0));
            int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParameter(request, "limit", 50, 1, 1000);
            send(response, 200, campaigns.preview(path.get(0), offset, limit));
        } else if (path.size() == 2 && path.get(1).equals("report")) {
            send(response, 200, campaigns.report(path.get(0))
                    .orElseThrow(() -> ApiException.notFound("no campaign '" + path.get(0) + "'")));
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Campaigns campaigns = require(campaignService, MARKETING);
        List<String> path = segments(request);
        if (path.isEmpty()) {
            Campaign created = campaigns.create(read(request, Campaign.class));
            response.setHeader("Location", "/api/campaigns/" + created.id());
            send(response, 201, created);
        } else if (path.equals(List.of("simulate"))) {
            Job job = campaigns.simulate(read(request, SimulationRequest.class));
            response.setHeader("Location", "/api/jobs/" + job.id());
            send(response, 202, job.status());
        } else if (path.equals(List.of("draft"))) {
            Map<String, Object> body = Bodies.object(request);
            Object variants = body.getOrDefault("variants", 3);
            if (!(variants instanceof Integer)) {
                throw ApiException.badRequest("field 'variants' must be a whole number, was " + variants);
            }
            try {
                Map<String, Object> drafted = new LinkedHashMap<>();
                drafted.put("variants", campaigns.draft(text(body, "brief"), text(body, "channel"), (Integer) variants));
                send(response, 200, drafted);
            } catch (IOException e) {
                throw new ApiException(502, "the language model failed: " + e.getMessage());
            }
        } else if (path.size() == 2 && path.get(1).equals("send")) {
            find(campaigns, path.get(0));
            Job job = campaigns.send(path.get(0));
            response.setHeader("Location", "/api/jobs/" + job.id());
            send(response, 202, job.status());
        } else if (path.size() == 2 && path.get(1).equals("cancel")) {
            find(campaigns, path.get(0));
            campaigns.cancel(path.get(0));
            send(response, 200, find(campaigns, path.get(0)));
        } else {
            throw ApiException.notFound("POST /api/campaigns, /api/campaigns/simulate, /api/campaigns/draft, "
                    + "/api/campaigns/{id}/send or /api/campaigns/{id}/cancel");
        }
    }

    private static Campaign find(Campaigns campaigns, String id) {
        return campaigns.get(id).orElseThrow(() -> ApiException.notFound("no campaign '" + id + "'"));
    }

    /** A JSON body as a record; a field of the wrong type or an unknown one is a 400 naming it. */
    private static <T> T read(HttpServletRequest request, Class<T> type) throws IOException {
        Map<String, Object> body = Bodies.object(request);
        try {
            return READER.convertValue(body, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnrecognizedPropertyException unknown) {
                throw ApiException.badRequest("unknown field '" + field(unknown) + "'; known here: "
                        + unknown.getKnownPropertyIds());
            }
            if (cause instanceof JsonMappingException mapping) {
                throw ApiException.badRequest("field '" + field(mapping) + "': " + mapping.getOriginalMessage());
            }
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw ApiException.badRequest("field '" + field + "' must be text");
        }
        return (String) value;
    }
}
