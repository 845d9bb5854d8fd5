package org.affinity.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.ingest.IngestRecord;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The chat's knowledge base: GET /api/chat/articles (?language=), GET|PUT|DELETE
 * /api/chat/articles/{id} (PUT takes Markdown with front matter, or JSON fields), POST
 * /api/chat/articles (several, NDJSON or a JSON array, all or none), GET
 * /api/chat/articles/search?q=&amp;language=&amp;intent=&amp;n=. Every refused body answers 400 with
 * each problem (line, field, reason) in {@code details}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-chat-articles")
@HttpWhiteboardServletPattern({"/api/chat/articles", "/api/chat/articles/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class ArticlesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String SEARCH = "search";
    /** Articles are pages of text, not data sets: a megabyte is plenty for a batch of them. */
    private static final int MAX_BYTES = 4 << 20;
    private static final int MAX_QUERY = 2000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Knowledge knowledge;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            Knowledge service = require(knowledge, "knowledge base");
            String language = request.getParameter("language");
            List<Map<String, Object>> articles = new ArrayList<>();
            for (Article article : service.articles()) {
                if (language == null || language.isBlank() || article.language().equalsIgnoreCase(language.strip())) {
                    articles.add(summary(article));
                }
            }
            send(response, 200, Map.of("articles", articles));
        } else if (path.equals(List.of(SEARCH))) {
            search(request, response);
        } else if (path.size() == 1) {
            Knowledge service = require(knowledge, "knowledge base");
            send(response, 200, service.article(path.get(0))
                    .orElseThrow(() -> ApiException.notFound("no article '" + path.get(0) + "'")));
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    private void search(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getParameter("q");
        if (query == null || query.isBlank()) {
            throw ApiException.badRequest("parameter 'q' (the question) is required");
        }
        if (query.length() > MAX_QUERY) {
            throw ApiException.badRequest("parameter 'q' must be at most " + MAX_QUERY + " characters, was " + query.length());
        }
        int n = intParameter(request, "n", 5, 1, 50);
        String language = blankToNull(request.getParameter("language"));
        String intent = blankToNull(request.getParameter("intent"));
        Knowledge service = require(knowledge, "knowledge base");
        List<ArticleHit> hits;
        try {
            hits = service.search(query.strip(), language, intent, n);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query.strip());
        body.put("language", language);
        body.put("intent", intent);
        body.put("hits", hits);
        send(response, 200, body);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1 || path.get(0).equals(SEARCH)) {
            throw ApiException.notFound("PUT /api/chat/articles/{id} stores one article; no such resource: "
                    + request.getRequestURI());
        }
        String id = path.get(0);
        Knowledge service = require(knowledge, "knowledge base");
        Article article;
        try {
            if (markdown(request)) {
                String text = new String(Bodies.read(request, MAX_BYTES), StandardCharsets.UTF_8);
                article = service.parse(id, text);
            } else {
                Map<String, Object> fields = Bodies.objectFor(request, id);
                article = article(service, fields, 1);
            }
            boolean existed = service.article(id).isPresent();
            Article stored = service.put(article);
            if (!existed) {
                response.setHeader("Location", "/api/chat/articles/" + stored.id());
            }
            send(response, existed ? 200 : 201, stored);
        } catch (RejectedException e) {
            throw rejected(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw ApiException.notFound("POST /api/chat/articles stores several articles; no such resource: "
                    + request.getRequestURI());
        }
        Knowledge service = require(knowledge, "knowledge base");
        List<IngestRecord> records = Bodies.records(request);
        List<Article> articles = new ArrayList<>();
        List<Rejection> problems = new ArrayList<>();
        for (IngestRecord record : records) {
            try {
                articles.add(article(service, record.fields(), record.line()));
            } catch (RejectedException e) {
                problems.addAll(e.rejections());
            }
        }
        if (!problems.isEmpty()) {
            throw rejected(new RejectedException("no article was stored", problems));
        }
        try {
            List<Article> stored = service.putAll(articles);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stored", stored.size());
            body.put("articles", stored.stream().map(ArticlesServlet::summary).toList());
            send(response, 200, body);
        } catch (RejectedException e) {
            // Positions in the list back to the lines (or array elements) of the body.
            List<Rejection> atLines = e.rejections().stream().map(r -> new Rejection(
                    r.line() >= 1 && r.line() <= records.size() ? records.get((int) r.line() - 1).line() : r.line(),
                    r.field(), r.reason())).toList();
            throw rejected(new RejectedException("no article was stored", atLines));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("DELETE /api/chat/articles/{id}; no such resource: " + request.getRequestURI());
        }
        Knowledge service = require(knowledge, "knowledge base");
        if (!service.delete(path.get(0))) {
            throw ApiException.notFound("no article '" + path.get(0) + "'");
        }
        send(response, 200, Map.of("deleted", path.get(0)));
    }

    /** text/markdown (also text/x-markdown and text/plain) is an article file; anything else is JSON. */
    private static boolean markdown(HttpServletRequest request) {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        return type.startsWith("text/markdown") || type.startsWith("text/x-markdown") || type.startsWith("text/plain");
    }

    /**
     * An article from JSON fields: {id, title, language, intents, tags, body}, or {id, markdown} with
     * front matter. Problems are reported at {@code line}.
     */
    private static Article article(Knowledge service, Map<String, Object> fields, long line) {
        List<Rejection> problems = new ArrayList<>();
        String id = text(fields, "id", line, problems);
        if (id == null && problems.isEmpty()) {
            problems.add(new Rejection(line, "id", "the id is missing"));
        }
        for (String field : fields.keySet()) {
            if (!List.of("id", "title", "language", "intents", "tags", "body", "markdown", "updated").contains(field)) {
                problems.add(new Rejection(line, field, "unknown field '" + field
                        + "'; the fields are id, title, language, intents, tags, body (or markdown)"));
            }
        }
        Object markdown = fields.get("markdown");
        if (markdown != null) {
            if (fields.containsKey("body") || fields.containsKey("title")) {
                problems.add(new Rejection(line, "markdown", "give either 'markdown' (with front matter) or the fields "
                        + "title, language, intents, tags and body, not both"));
            }
            if (!(markdown instanceof String)) {
                problems.add(new Rejection(line, "markdown", "must be text"));
            }
            if (!problems.isEmpty()) {
                throw new RejectedException("no article was stored", problems);
            }
            try {
                return service.parse(id, (String) markdown);
            } catch (RejectedException e) {
                throw new RejectedException("no article was stored", e.rejections().stream().map(r -> new Rejection(line,
                        r.field() == null ? "markdown" : r.field(), "markdown line " + r.line() + ": " + r.reason())).toList());
            }
        }
        String title = text(fields, "title", line, problems);
        String language = text(fields, "language", line, problems);
        String body = text(fields, "body", line, problems);
        List<String> intents = list(fields, "intents", line, problems);
        List<String> tags = list(fields, "tags", line, problems);
        if (!problems.isEmpty()) {
            throw new RejectedException("no article was stored", problems);
        }
        return new Article(id, title, language, intents, tags, body, null);
    }

    private static String text(Map<String, Object> fields, String name, long line, List<Rejection> problems) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            problems.add(new Rejection(line, name, "must be text"));
            return null;
        }
        return (String) value;
    }

    /** A list of texts; a single text is a list of one ("intents": "track_order"). */
    private static List<String> list(Map<String, Object> fields, String name, long line, List<Rejection> problems) {
        Object value = fields.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> values && values.stream().allMatch(v -> v instanceof String)) {
            return values.stream().map(String.class::cast).toList();
        }
        problems.add(new Rejection(line, name, "must be a list of texts"));
        return List.of();
    }

    private static Map<String, Object> summary(Article article) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", article.id());
        summary.put("title", article.title());
        summary.put("language", article.language());
        summary.put("intents", article.intents());
        summary.put("tags", article.tags());
        summary.put("updated", article.updated());
        return summary;
    }

    private static ApiException rejected(RejectedException e) {
        return new ApiException(400, e.getMessage(), e.rejections());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
