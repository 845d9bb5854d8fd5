package org.affinity.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.job.Job;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Intent sets and classification: GET /api/chat/intents lists the sets; GET, PUT (CSV or NDJSON
 * examples: trains as a job, 202) and DELETE /api/chat/intents/{set}; POST /api/chat/classify?set=
 * with {"text"} or {"texts": [...]}. An unknown set is 404 on its own path and 400 as the set a
 * classification asks for (a parameter of the request, like the text); a set without a usable model
 * yet (training, or retraining after the embedding model changed) is 503, naming why.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-chat-intents")
@HttpWhiteboardServletPattern({"/api/chat/intents", "/api/chat/intents/*", "/api/chat/classify"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class IntentsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String CLASSIFIER = "intent classifier (bundle org.affinity.chat.intent)";
    /** Most texts one classify request may carry. */
    static final int MAX_TEXTS = 1_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IntentClassifier classifier;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IntentClassifier current = require(classifier, CLASSIFIER);
        List<String> path = path(request);
        if (path.isEmpty()) {
            send(response, 200, Map.of("sets", current.sets()));
        } else {
            send(response, 200, find(current, path.get(0)));
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IntentClassifier current = require(classifier, CLASSIFIER);
        List<String> path = path(request);
        if (path.isEmpty()) {
            throw new ApiException(405, "PUT /api/chat/intents/{set} trains a set; GET /api/chat/intents lists them");
        }
        String body = new String(Bodies.read(request, Bodies.MAX_BYTES), StandardCharsets.UTF_8);
        if (body.isBlank()) {
            throw ApiException.badRequest("the body is empty: send the examples as CSV (header text,intent) or NDJSON "
                    + "({\"text\", \"intent\"} per line)");
        }
        try {
            List<IntentExample> examples = current.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                    format(request, body));
            Job job = current.train(path.get(0), examples);
            response.setHeader("Location", "/api/jobs/" + job.id());
            send(response, 202, job.status());
        } catch (RejectedException e) {
            throw new ApiException(400, e.getMessage(), e.rejections());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IntentClassifier current = require(classifier, CLASSIFIER);
        List<String> path = path(request);
        if (path.isEmpty()) {
            throw new ApiException(405, "DELETE /api/chat/intents/{set} deletes one set");
        }
        if (!current.delete(path.get(0))) {
            throw ApiException.notFound("no intent set '" + path.get(0) + "'");
        }
        send(response, 200, Map.of("deleted", path.get(0)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getServletPath().equals("/api/chat/classify")) {
            throw new ApiException(405, "train a set with PUT /api/chat/intents/{set}; classify with POST /api/chat/classify");
        }
        IntentClassifier current = require(classifier, CLASSIFIER);
        String set = request.getParameter("set");
        if (set == null || set.isBlank()) {
            set = IntentClassifier.DEFAULT_SET;
        }
        Map<String, Object> body = Bodies.object(request);
        Object text = body.get("text");
        Object texts = body.get("texts");
        if ((text == null) == (texts == null)) {
            throw ApiException.badRequest("send either field 'text' (a string) or field 'texts' (an array of up to "
                    + MAX_TEXTS + " strings)");
        }
        IntentSet known = current.set(set).orElseThrow(() -> ApiException.badRequest("no intent set '"
                + request.getParameter("set") + "'; there are " + current.sets().stream().map(IntentSet::name).toList()));
        try {
            if (text != null) {
                if (!(text instanceof String)) {
                    throw ApiException.badRequest("field 'text' must be a string, was " + Bodies.typeOf(text));
                }
                send(response, 200, current.classify(known.name(), (String) text));
            } else {
                send(response, 200, Map.of("results", current.classifyAll(known.name(), strings(texts))));
            }
        } catch (NoSuchElementException e) {
            throw new ApiException(503, e.getMessage());
        } catch (IllegalStateException e) {
            // The embedding model a set needs is not there (stopped, switching): a temporary condition.
            throw new ApiException(503, e.getMessage());
        }
    }

    private static List<String> strings(Object texts) {
        if (!(texts instanceof List)) {
            throw ApiException.badRequest("field 'texts' must be an array of strings, was " + Bodies.typeOf(texts));
        }
        List<?> list = (List<?>) texts;
        if (list.isEmpty() || list.size() > MAX_TEXTS) {
            throw ApiException.badRequest("field 'texts' must hold 1 to " + MAX_TEXTS + " texts, held " + list.size());
        }
        List<String> strings = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String)) {
                throw ApiException.badRequest("texts[" + i + "] must be a string, was " + Bodies.typeOf(list.get(i)));
            }
            String value = (String) list.get(i);
            if (value.isBlank() || value.length() > IntentClassifier.MAX_TEXT) {
                throw ApiException.badRequest("texts[" + i + "] " + (value.isBlank() ? "is blank"
                        : String.format("is %,d characters long; at most %,d are classified", value.length(),
                                IntentClassifier.MAX_TEXT)));
            }
            strings.add(value);
        }
        return strings;
    }

    /** The set named by the path (one segment), or nothing for the collection. */
    private static List<String> path(HttpServletRequest request) {
        if (request.getServletPath().equals("/api/chat/classify")) {
            if (!segments(request).isEmpty()) {
                throw ApiException.notFound("no such resource: " + request.getRequestURI());
            }
            throw new ApiException(405, "POST /api/chat/classify?set={set} with {\"text\"} or {\"texts\"}");
        }
        List<String> path = segments(request);
        if (path.size() > 1) {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
        return path;
    }

    private static IntentSet find(IntentClassifier classifier, String name) {
        return classifier.set(name).orElseThrow(() -> ApiException.notFound("no intent set '" + name + "'"));
    }

    /** "csv" or "ndjson" by the content type; without a telling one, by the body's first character. */
    private static String format(HttpServletRequest request, String body) {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.contains("csv")) {
            return "csv";
        }
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("json")) {
            return "ndjson";
        }
        return body.stripLeading().replace("\uFEFF", "").startsWith("{") ? "ndjson" : "csv";
    }
}
