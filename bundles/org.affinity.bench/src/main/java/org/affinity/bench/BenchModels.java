package org.affinity.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.ModelBundleJar;
import org.affinity.embedding.onnx.internal.ModelDescription;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;

/**
 * The embedding models of the built model bundles, outside OSGi: what the platform's EmbeddingModel
 * service runs, for benchmarks (embed, knn). Close what {@link #open} returns.
 */
public final class BenchModels {

    /** The model bundles of the workspace, built by ./affinity build. */
    public static final List<String> BUNDLES = List.of("org.affinity.model.minilm", "org.affinity.model.bge");

    private BenchModels() {
    }

    /** The built jar of a model bundle. */
    public static Path jar(String bundle) {
        return BenchEnvironment.root().resolve("bundles").resolve(bundle).resolve("target").resolve(bundle + ".jar");
    }

    /** Every model the built model bundles declare, with the jar that carries it. */
    public static List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (String bundle : BUNDLES) {
            Path jar = jar(bundle);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./affinity build");
            }
            jars.add(jar);
        }
        return jars;
    }

    /** The description of {@code modelId} ("all-minilm-l6-v2-q", ...) and the jar that carries it. */
    public static ModelDescription describe(String modelId) throws IOException {
        return ModelBundleJar.models(jarOf(modelId)).stream().filter(m -> m.id().equals(modelId)).findFirst()
                .orElseThrow();
    }

    /** The jar that declares {@code modelId}. */
    public static Path jarOf(String modelId) throws IOException {
        for (Path jar : jars()) {
            for (ModelDescription model : ModelBundleJar.models(jar)) {
                if (model.id().equals(modelId)) {
                    return jar;
                }
            }
        }
        throw new IOException("no built model bundle declares '" + modelId + "'");
    }

    /** The model as the EmbeddingModel service runs it, with {@code settings}. */
    public static OnnxEmbeddingModel open(String modelId, EmbeddingSettings settings) throws IOException {
        return ModelBundleJar.open(jarOf(modelId), modelId, settings);
    }
}
