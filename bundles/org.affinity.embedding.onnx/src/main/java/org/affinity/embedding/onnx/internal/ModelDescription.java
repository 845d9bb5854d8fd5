package org.affinity.embedding.onnx.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.affinity.api.embedding.ModelInfo;

/**
 * A model as a model bundle declares it: one {@value #NAMESPACE} capability whose attributes say
 * where its files are and how to use them.
 *
 * @param id the model id (the capability's {@value #NAMESPACE} attribute)
 * @param onnx path of the .onnx file inside the bundle
 * @param tokenizer path of the tokenizer.json inside the bundle
 * @param lowercase whether the tokenizer lower-cases (overrides the tokenizer.json)
 * @param maxTokens inputs are cut to this many tokens
 * @param source where the files came from (Maven coordinates), for people
 */
public record ModelDescription(String id, int dimension, Pooling pooling, boolean lowercase, int maxTokens,
        List<String> languages, String precision, String onnx, String tokenizer, String license, String source) {

    /** The capability namespace model bundles provide. */
    public static final String NAMESPACE = "affinity.embedding.model";
    /** The extender name model bundles require (osgi.extender namespace). */
    public static final String EXTENDER = "affinity.embedding.model";

    public ModelDescription {
        languages = List.copyOf(languages);
        if (dimension <= 0 || maxTokens < 3) {
            throw new IllegalArgumentException("model '" + id + "': dimension and max.tokens must be positive");
        }
    }

    /**
     * Reads the attributes of one capability, typed as the OSGi framework gives them (Long for
     * {@code :Long}, List for {@code :List<String>}, String otherwise).
     *
     * @throws IllegalArgumentException naming the model and the attribute that is missing or wrong
     */
    public static ModelDescription of(Map<String, Object> attributes) {
        String id = optional(attributes, NAMESPACE, "?");
        try {
            return new ModelDescription(id, (int) number(attributes, "dimension"),
                    Pooling.of(string(attributes, "pooling")),
                    Boolean.parseBoolean(string(attributes, "lowercase")),
                    (int) number(attributes, "max.tokens"), list(attributes.get("languages")),
                    optional(attributes, "precision", "fp32"), string(attributes, "onnx"),
                    string(attributes, "tokenizer"), optional(attributes, "license", "unknown"),
                    optional(attributes, "source", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + id + "': " + e.getMessage(), e);
        }
    }

    ModelInfo info(String bundle) {
        return new ModelInfo(id, dimension, languages, precision, pooling.label(), maxTokens, license, bundle);
    }

    private static String string(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("attribute '" + name + "' is missing");
        }
        return value.toString().trim();
    }

    private static String optional(Map<String, Object> attributes, String name, String fallback) {
        Object value = attributes.get(name);
        return value == null ? fallback : value.toString().trim();
    }

    private static long number(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(string(attributes, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute '" + name + "' is not a number: " + value);
        }
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(Object::toString).map(String::trim).toList();
        }
        return List.of(value.toString().split("\\s*,\\s*"));
    }
}
