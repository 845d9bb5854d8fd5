package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

/**
 * A built model bundle (e.g. bundles/org.affinity.model.minilm/target/org.affinity.model.minilm.jar)
 * read outside OSGi: its declared models and an {@link OnnxEmbeddingModel} for one of them. For
 * benchmarks and tools; inside OSGi the embedding service finds model bundles by itself.
 */
public final class ModelBundleJar {

    private ModelBundleJar() {
    }

    /** The models the jar's Provide-Capability header declares. */
    public static List<ModelDescription> models(Path jar) throws IOException {
        try (JarFile file = open(jar)) {
            return models(jar, file.getManifest());
        }
    }

    /**
     * Opens model {@code modelId} of the jar (the .onnx file is read into memory; the jar is closed
     * again before this returns).
     *
     * @throws IOException when the jar or its files cannot be read, or the jar has no such model
     */
    public static OnnxEmbeddingModel open(Path jar, String modelId, EmbeddingSettings settings) throws IOException {
        try (JarFile file = open(jar)) {
            List<ModelDescription> models = models(jar, file.getManifest());
            ModelDescription description = models.stream().filter(m -> m.id().equals(modelId)).findFirst()
                    .orElseThrow(() -> new IOException(jar + " has no model '" + modelId + "'; it has "
                            + models.stream().map(ModelDescription::id).collect(Collectors.joining(", "))));
            return OnnxEmbeddingModel.open(description, path -> {
                ZipEntry entry = file.getEntry(path);
                if (entry == null) {
                    throw new NoSuchFileException(jar + "!/" + path);
                }
                return file.getInputStream(entry); // OnnxEmbeddingModel.open reads it all before the jar closes
            }, settings);
        }
    }

    private static JarFile open(Path jar) throws IOException {
        try {
            return new JarFile(jar.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new NoSuchFileException(jar + " (build the model bundles first: ./affinity build)");
        }
    }

    private static List<ModelDescription> models(Path jar, Manifest manifest) throws IOException {
        if (manifest == null) {
            throw new IOException(jar + " has no manifest");
        }
        List<ModelDescription> models = new ArrayList<>();
        for (CapabilityHeader.Capability capability : CapabilityHeader
                .parse(manifest.getMainAttributes().getValue("Provide-Capability"))) {
            if (capability.namespace().equals(ModelDescription.NAMESPACE)) {
                models.add(ModelDescription.of(capability.attributes()));
            }
        }
        return models;
    }
}
