package org.affinity.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.Evaluations;
import org.affinity.api.job.Job;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * POST /api/evaluations: evaluates the present strategies offline on the shop's own data, as a job
 * (202, Location: /api/jobs/{id}; the job's result is the report). The body is optional:
 * {"split": "2011-11-01" or an instant, "holdoutShare": 0.2, "seed": 42, "members": 500,
 * "strategies": ["cf", "hybrid"], "tuned": true}, each field defaulting as affinity:evaluate does ("tuned": also
 * each strategy that tunes itself after its tuning, side by side with its row as configured).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-evaluations")
@HttpWhiteboardServletPattern("/api/evaluations")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class EvaluationsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("split", "holdoutShare", "seed", "members", "strategies", "tuned");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Evaluations evaluations;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Evaluations current = require(evaluations, "evaluation (bundle org.affinity.reco.evaluation)");
        Job job = current.evaluate(request(Bodies.objectOrEmpty(request)));
        response.setHeader("Location", "/api/jobs/" + job.id());
        send(response, 202, job.status());
    }

    /** The request the body describes; every wrong field is named. */
    static EvaluationRequest request(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field '" + field + "': an evaluation takes " + String.join(", ", FIELDS));
            }
        }
        EvaluationRequest defaults = EvaluationRequest.defaults();
        Instant split = body.get("split") == null ? defaults.splitAt() : instant(body.get("split"));
        double share = body.get("holdoutShare") == null ? defaults.holdoutShare() : number(body, "holdoutShare");
        if (!(share > 0 && share < 1)) {
            throw ApiException.badRequest("field 'holdoutShare' must be between 0 and 1 (exclusive), was " + share);
        }
        long seed = body.get("seed") == null ? defaults.seed() : whole(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        int members = body.get("members") == null ? defaults.maxMembers()
                : (int) whole(body, "members", 0, Integer.MAX_VALUE);
        Set<String> strategies = new LinkedHashSet<>();
        Object named = body.get("strategies");
        if (named != null) {
            if (!(named instanceof List<?> list)) {
                throw ApiException.badRequest("field 'strategies' must be an array of strategy names, was " + Bodies.typeOf(named));
            }
            for (Object name : list) {
                if (!(name instanceof String text) || text.isBlank()) {
                    throw ApiException.badRequest("field 'strategies' must hold strategy names, found " + Bodies.typeOf(name));
                }
                strategies.add(text);
            }
        }
        Object tuned = body.get("tuned");
        if (tuned != null && !(tuned instanceof Boolean)) {
            throw ApiException.badRequest("field 'tuned' must be true or false, was " + Bodies.typeOf(tuned));
        }
        return new EvaluationRequest(split, share, seed, members, strategies, Boolean.TRUE.equals(tuned));
    }

    private static Instant instant(Object value) {
        if (value instanceof String text) {
            try {
                return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
            } catch (DateTimeParseException e) {
                // named below
            }
        }
        throw ApiException.badRequest("field 'split' must be a date (2011-11-01) or an instant (2011-11-01T00:00:00Z), was "
                + (value instanceof String ? "'" + value + "'" : Bodies.typeOf(value)));
    }

    private static double number(Map<String, Object> body, String field) {
        if (!(body.get(field) instanceof Number number)) {
            throw ApiException.badRequest("field '" + field + "' must be a number, was " + Bodies.typeOf(body.get(field)));
        }
        return number.doubleValue();
    }

    private static long whole(Map<String, Object> body, String field, long min, long max) {
        Object value = body.get(field);
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            throw ApiException.badRequest("field '" + field + "' must be a whole number, was "
                    + (value instanceof Number ? value : Bodies.typeOf(value)));
        }
        if (value instanceof java.math.BigInteger || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
            throw ApiException.badRequest("field '" + field + "' must be between " + min + " and " + max + ", was " + value);
        }
        return ((Number) value).longValue();
    }
}
