package org.affinity.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The hand-written OpenAPI document is well formed: every reference resolves, every operation is described. */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final JsonNode document;

    OpenApiDocumentTest() throws Exception {
        document = Json.MAPPER.readTree(OpenApiServlet.load("1.2.3"));
    }

    @Test
    void carriesTheBundleVersion() {
        assertEquals("3.0.3", document.get("openapi").asText());
        assertEquals("1.2.3", document.at("/info/version").asText());
    }

    @Test
    void everyReferenceResolves() throws Exception {
        String text = Json.MAPPER.writeValueAsString(document);
        Matcher ref = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"").matcher(text);
        List<String> missing = new ArrayList<>();
        int refs = 0;
        while (ref.find()) {
            refs++;
            if (!document.at("/components/schemas").has(ref.group(1))) {
                missing.add(ref.group(1));
            }
        }
        assertTrue(refs > 10, "the document uses its schemas");
        assertTrue(missing.isEmpty(), "undefined schemas: " + missing);
    }

    @Test
    void everyOperationHasASummaryAndResponsesAndEveryPathParameterIsDeclared() {
        List<String> problems = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> {
            assertTrue(path.getKey().startsWith("/api/"), path.getKey());
            List<String> declared = new ArrayList<>();
            path.getValue().path("parameters").forEach(p -> declared.add(p.get("name").asText()));
            path.getValue().fields().forEachRemaining(operation -> {
                if (!METHODS.contains(operation.getKey())) {
                    return;
                }
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                if (op.path("summary").asText().isBlank()) {
                    problems.add(where + " has no summary");
                }
                if (!op.has("responses") || op.get("responses").size() == 0) {
                    problems.add(where + " has no responses");
                }
                List<String> names = new ArrayList<>(declared);
                op.path("parameters").forEach(p -> names.add(p.get("name").asText()));
                Matcher variable = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
                while (variable.find()) {
                    if (!names.contains(variable.group(1))) {
                        problems.add(where + " does not declare {" + variable.group(1) + "}");
                    }
                }
            });
        });
        assertFalse(document.get("paths").size() < 10, "the document lists the API");
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
