package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The response-shape check on the real OpenAPI document (org.affinity.rest's copy): it accepts what
 * the API answers and rejects wrong shapes, naming where they are wrong.
 */
class SchemaCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCUMENT = Path.of("../org.affinity.rest/src/main/resources/org/affinity/rest/openapi.json");

    private final JsonNode document;
    private final SchemaCheck check;

    SchemaCheckTest() throws Exception {
        document = JSON.readTree(DOCUMENT.toFile());
        check = SchemaCheck.of(document);
    }

    private JsonNode ok(String path) {
        return document.at("/paths/" + path.replace("/", "~1") + "/get/responses/200/content/application~1json/schema");
    }

    private List<String> problems(JsonNode schema, String json) throws Exception {
        return check.problems(schema, JSON.readTree(json));
    }

    private static final String JOB = "{\"id\":\"j1\",\"kind\":\"import\",\"title\":\"Import\",\"state\":\"SUCCEEDED\","
            + "\"done\":10,\"total\":10,\"unit\":\"lines\",\"started\":\"2026-12-02T10:00:00Z\",\"result\":{\"accepted\":10}}";

    @Test
    void theJobListIsAnObjectHoldingJobsNotABareArray() throws Exception {
        JsonNode jobs = ok("/api/jobs");
        assertEquals(List.of(), problems(jobs, "{\"jobs\":[" + JOB + "]}"));
        assertEquals(List.of("$: an array where object is documented"), problems(jobs, "[" + JOB + "]"));
    }

    @Test
    void wrongTypesAreFoundDeepInsideAndNamedByWhereTheyAre() throws Exception {
        JsonNode jobs = ok("/api/jobs");
        assertEquals(List.of("$.jobs[1].done: a string where integer is documented"),
                problems(jobs, "{\"jobs\":[" + JOB + "," + JOB.replace("\"done\":10", "\"done\":\"ten\"") + "]}"));
        assertEquals(List.of("$.jobs[0].state: \"DONE\" is not one of [\"QUEUED\",\"RUNNING\",\"SUCCEEDED\",\"FAILED\",\"CANCELLED\"]"),
                problems(jobs, "{\"jobs\":[" + JOB.replace("SUCCEEDED", "DONE") + "]}"));
        assertEquals(List.of("$.jobs[0].done: a number (2.5) where integer is documented"),
                problems(jobs, "{\"jobs\":[" + JOB.replace("\"done\":10", "\"done\":2.5") + "]}"));
        assertEquals(List.of("$.jobs[0].started: \"yesterday\" is not a date-time"),
                problems(jobs, "{\"jobs\":[" + JOB.replace("2026-12-02T10:00:00Z", "yesterday") + "]}"));
    }

    @Test
    void referencedSchemasAreFollowedAndTheirMapsChecked() throws Exception {
        JsonNode store = ok("/api/store");
        assertEquals(List.of(), problems(store, "{\"members\":4372,\"items\":3684,\"events\":399687,"
                + "\"eventsByType\":{\"purchase\":392732,\"return\":6955}}"));
        assertEquals(List.of("$.eventsByType.purchase: a string where integer is documented"),
                problems(store, "{\"members\":1,\"items\":1,\"events\":1,\"eventsByType\":{\"purchase\":\"many\"}}"));
        assertEquals(List.of("$.items: an array where integer is documented"),
                problems(store, "{\"members\":1,\"items\":[],\"events\":1}"));
    }

    @Test
    void requiredPropertiesAndNullsAreEnforced() throws Exception {
        JsonNode problem = document.at("/components/schemas/Problem");
        assertEquals(List.of(), problems(problem, "{\"type\":\"https://affinity.example/problems/invalid-request\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"'n' must be positive\"}"));
        assertEquals(List.of("$: required property 'title' is missing"),
                problems(problem, "{\"type\":\"about:blank\",\"status\":400}"));
        JsonNode item = document.at("/components/schemas/Item");
        assertEquals(List.of("$.price: null where number is documented (not nullable)"),
                problems(item, "{\"id\":\"21844\",\"title\":\"RED RETROSPOT MUG\",\"price\":null}"));
        assertEquals(List.of(), problems(JSON.readTree("{\"type\":\"number\",\"nullable\":true}"), "null"));
    }

    @Test
    void combinationsClosedObjectsAndBoundsAreChecked() throws Exception {
        JsonNode either = JSON.readTree("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\",\"minimum\":0}]}");
        assertEquals(List.of(), problems(either, "\"a\""));
        assertEquals(List.of(), problems(either, "3"));
        assertEquals(1, problems(either, "-3").size(), problems(either, "-3").toString());
        assertEquals(1, problems(either, "true").size());
        JsonNode closed = JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{}},\"additionalProperties\":false}");
        assertEquals(List.of("$.b: not a documented property (additionalProperties is false)"),
                problems(closed, "{\"a\":1,\"b\":2}"));
    }

    @Test
    void strictlyAPropertyTheDocumentDoesNotListIsAProblem() throws Exception {
        JsonNode store = ok("/api/store");
        String renamed = "{\"members\":1,\"items\":1,\"eventCount\":1,\"eventsByType\":{\"view\":1}}";
        assertEquals(List.of(), problems(store, renamed), "JSON Schema allows it");
        assertEquals(List.of("$.eventCount: not a documented property"),
                SchemaCheck.strict(document).problems(store, JSON.readTree(renamed)));
        assertEquals(List.of(), SchemaCheck.strict(document).problems(JSON.readTree("{\"type\":\"object\"}"),
                JSON.readTree("{\"anything\":1}")), "an object without listed properties is free-form");
    }

    @Test
    void aKeywordTheCheckDoesNotKnowIsAProblemNotIgnored() throws Exception {
        assertEquals(List.of("$: the schema uses 'pattern', which this check does not understand"),
                problems(JSON.readTree("{\"type\":\"string\",\"pattern\":\"^a\"}"), "\"b\""));
        assertEquals(List.of("$: unresolvable $ref #/components/schemas/Nope"),
                problems(JSON.readTree("{\"$ref\":\"#/components/schemas/Nope\"}"), "{}"));
    }

    /** Every schema of the document, checked against a value of the wrong kind, yields no "does not understand". */
    @Test
    void theDocumentUsesOnlyWhatTheCheckUnderstands() {
        List<String> unknown = new ArrayList<>();
        int schemas = 0;
        for (JsonNode schema : schemas(document)) {
            schemas++;
            check.problems(schema, JSON.getNodeFactory().objectNode()).stream()
                    .filter(p -> p.contains("does not understand")).forEach(unknown::add);
        }
        assertTrue(schemas > 40, "schemas found: " + schemas);
        assertEquals(List.of(), unknown);
    }

    /** The response schemas of every operation and every component schema, and every nested schema of those. */
    private static List<JsonNode> schemas(JsonNode document) {
        List<JsonNode> found = new ArrayList<>();
        document.at("/components/schemas").forEach(schema -> collect(schema, found));
        document.get("paths").forEach(path -> path.forEach(operation -> operation.path("responses")
                .forEach(response -> response.path("content").forEach(media -> collect(media.path("schema"), found)))));
        return found;
    }

    private static void collect(JsonNode schema, List<JsonNode> found) {
        if (!schema.isObject()) {
            return;
        }
        found.add(schema);
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext();) {
            collect(fields.next().getValue(), found);
        }
        collect(schema.path("items"), found);
        collect(schema.path("additionalProperties"), found);
        for (String combination : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(combination).forEach(part -> collect(part, found));
        }
    }
}
