package org.affinity.itest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.0 document: the subset our document uses
 * ({@code $ref} into components/schemas, type, nullable, required, properties, additionalProperties,
 * items, enum, oneOf/anyOf/allOf, minimum/maximum, min/maxLength, min/maxItems, date and date-time formats). A keyword it does not
 * know is reported as a problem rather than ignored, so the check never passes by not looking.
 *
 * <p>{@link #strict} also reports properties an object schema does not list (unless it says
 * {@code additionalProperties}): what the API sends must be documented, or a renamed field passes
 * unseen. An object schema without {@code properties} stays free-form.
 */
final class SchemaCheck {

    /** Keywords that only describe; they constrain nothing. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "example", "title", "default", "deprecated");
    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "nullable", "required", "properties",
            "additionalProperties", "items", "enum", "oneOf", "anyOf", "allOf", "minimum", "maximum", "format",
            "minLength", "maxLength", "minItems", "maxItems");

    private final JsonNode document;
    private final boolean strict;

    private SchemaCheck(JsonNode document, boolean strict) {
        this.document = document;
        this.strict = strict;
    }

    /** JSON Schema's reading: properties an object schema does not list are allowed. */
    static SchemaCheck of(JsonNode document) {
        return new SchemaCheck(document, false);
    }

    /** Also reports properties that an object schema with {@code properties} does not list. */
    static SchemaCheck strict(JsonNode document) {
        return new SchemaCheck(document, true);
    }

    /** What is wrong with {@code value} against {@code schema}, one line per problem, each naming where ($.a[0].b). */
    List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems, 0);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems, int depth) {
        if (depth > 64) {
            problems.add(at + ": schema nesting too deep (a $ref cycle?)");
            return;
        }
        if (schema.has("$ref")) {
            JsonNode target = resolve(schema.get("$ref").asText());
            if (target == null) {
                problems.add(at + ": unresolvable $ref " + schema.get("$ref").asText());
            } else {
                check(target, value, at, problems, depth + 1);
            }
            return; // OpenAPI 3.0: siblings of $ref are ignored
        }
        for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
            String keyword = names.next();
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")) {
                problems.add(at + ": the schema uses '" + keyword + "', which this check does not understand");
            }
        }
        if (value.isNull()) {
            if (schema.has("type") && !schema.path("nullable").asBoolean(false)) {
                problems.add(at + ": null where " + schema.get("type").asText() + " is documented (not nullable)");
            }
            return;
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            problems.add(at + ": " + kind(value) + " where " + schema.get("type").asText() + " is documented");
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                problems.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                problems.add(at + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                problems.add(at + ": shorter than minLength " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                problems.add(at + ": longer than maxLength " + schema.get("maxLength"));
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(at + ": fewer items than minItems " + schema.get("minItems"));
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                problems.add(at + ": more items than maxItems " + schema.get("maxItems"));
            }
        }
        if (value.isTextual() && schema.has("format")) {
            checkFormat(schema.get("format").asText(), value.asText(), at, problems);
        }
        if (value.isObject()) {
            checkObject(schema, value, at, problems, depth);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "[" + i + "]", problems, depth + 1);
            }
        }
        checkCombinations(schema, value, at, problems, depth);
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> problems, int depth) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": required property '" + required.asText() + "' is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = at + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), where, problems, depth + 1);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), where, problems, depth + 1);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                problems.add(where + ": not a documented property (additionalProperties is false)");
            } else if (strict && additional == null && schema.has("properties")) {
                problems.add(where + ": not a documented property");
            }
        }
    }

    private void checkCombinations(JsonNode schema, JsonNode value, String at, List<String> problems, int depth) {
        for (JsonNode part : schema.path("allOf")) {
            check(part, value, at, problems, depth + 1);
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            String keyword = schema.has("oneOf") ? "oneOf" : "anyOf";
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode part : schema.get(keyword)) {
                List<String> partProblems = new ArrayList<>();
                check(part, value, at, partProblems, depth + 1);
                if (partProblems.isEmpty()) {
                    matching++;
                } else {
                    why.add(partProblems.get(0));
                }
            }
            if (matching == 0) {
                problems.add(at + ": matches none of " + keyword + " " + why);
            } else if (keyword.equals("oneOf") && matching > 1) {
                problems.add(at + ": matches " + matching + " schemas of oneOf, not exactly one");
            }
        }
    }

    private static void checkFormat(String format, String text, String at, List<String> problems) {
        try {
            if (format.equals("date-time")) {
                OffsetDateTime.parse(text);
            } else if (format.equals("date")) {
                LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            problems.add(at + ": \"" + text + "\" is not a " + format);
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = document.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    private static boolean hasType(JsonNode value, String type) {
        switch (type) {
            case "object":
                return value.isObject();
            case "array":
                return value.isArray();
            case "string":
                return value.isTextual();
            case "integer":
                return value.isIntegralNumber()
                        || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            default:
                return false;
        }
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number (" + value + ")";
        }
        return value.isBoolean() ? "a boolean" : value.getNodeType().toString().toLowerCase();
    }
}
