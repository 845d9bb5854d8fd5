package org.affinity.embedding.onnx.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.NoSuchFileException;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The golden files (src/test/resources/golden, see its README) and the built model bundles. */
final class Golden {

    static final Path MINILM_JAR = Path.of("../org.affinity.model.minilm/target/org.affinity.model.minilm.jar");
    static final Path BGE_JAR = Path.of("../org.affinity.model.bge/target/org.affinity.model.bge.jar");

    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    /** Every line of a gzip'd JSON-lines file of the golden folder. */
    static List<JsonNode> lines(String file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(DIR.resolve(file))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    /** The tokenizer.json shipped in a built model bundle. */
    static WordPieceTokenizer tokenizer(Path jar, String path, Boolean lowercase) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar.toAbsolutePath().normalize() + " is missing: build the bundles first (./affinity build)");
        }
        try (JarFile file = new JarFile(jar.toFile()); InputStream json = file.getInputStream(file.getEntry(path))) {
            return WordPieceTokenizer.read(json, lowercase);
        }
    }

    /** Model {@code modelId} of a built model bundle, its declared description changed by {@code change}. */
    static OnnxEmbeddingModel open(Path jar, String modelId, UnaryOperator<ModelDescription> change,
            EmbeddingSettings settings) throws IOException {
        ModelDescription declared = ModelBundleJar.models(jar).stream().filter(m -> m.id().equals(modelId))
                .findFirst().orElseThrow();
        try (JarFile file = new JarFile(jar.toFile())) {
            return OnnxEmbeddingModel.open(change.apply(declared), path -> {
                ZipEntry entry = file.getEntry(path);
                if (entry == null) {
                    throw new NoSuchFileException(path);
                }
                return file.getInputStream(entry);
            }, settings);
        }
    }

    /** The .onnx file of model {@code modelId} in a built model bundle. */
    static byte[] onnx(Path jar, String modelId) throws IOException {
        ModelDescription declared = ModelBundleJar.models(jar).stream().filter(m -> m.id().equals(modelId))
                .findFirst().orElseThrow();
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(declared.onnx()))) {
            return in.readAllBytes();
        }
    }

    /** The description with another precision or lower-casing. */
    static ModelDescription with(ModelDescription d, String precision, boolean lowercase) {
        return new ModelDescription(d.id(), d.dimension(), d.pooling(), lowercase, d.maxTokens(), d.languages(),
                precision, d.onnx(), d.tokenizer(), d.license(), d.source());
    }

    static double cosine(float[] a, float[] b) {
        return OnnxEncoder.cosine(a, b);
    }
}
