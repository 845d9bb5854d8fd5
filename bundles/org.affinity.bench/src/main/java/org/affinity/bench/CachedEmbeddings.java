package org.affinity.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;

/**
 * An {@link EmbeddingModel} that remembers every vector it made in {@code cache/bench/} (git-ignored),
 * so benchmark runs that fit many candidates on the same texts embed each text once per model. The
 * model itself is opened on first need; vectors are exactly what the model returned.
 */
final class CachedEmbeddings implements EmbeddingModel, AutoCloseable {

    private final String modelId;
    private final Path file;
    private final Map<String, float[]> vectors = new LinkedHashMap<>();
    private OnnxEmbeddingModel model;
    private int dimension;
    private int added;
    private long embedNanos;
    private int embedded;

    CachedEmbeddings(String modelId, String cacheName) throws IOException {
        this.modelId = modelId;
        this.file = BenchEnvironment.root().resolve("cache/bench").resolve(cacheName + "-" + modelId + ".bin");
        if (Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                dimension = in.readInt();
                while (true) {
                    String text;
                    try {
                        text = in.readUTF();
                    } catch (EOFException end) {
                        break;
                    }
                    float[] vector = new float[dimension];
                    for (int j = 0; j < dimension; j++) {
                        vector[j] = in.readFloat();
                    }
                    vectors.put(text, vector);
                }
            }
        }
    }

    @Override
    public String id() {
        return modelId;
    }

    @Override
    public synchronized int dimension() {
        if (dimension == 0) {
            dimension = model().dimension();
        }
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> texts) {
        List<String> missing = new ArrayList<>();
        for (String text : texts) {
            if (!vectors.containsKey(text)) {
                missing.add(text);
            }
        }
        if (!missing.isEmpty()) {
            long started = System.nanoTime();
            List<float[]> fresh = model().embedAll(missing);
            embedNanos += System.nanoTime() - started;
            embedded += missing.size();
            for (int i = 0; i < missing.size(); i++) {
                vectors.put(missing.get(i), fresh.get(i));
            }
            added += missing.size();
            dimension = fresh.get(0).length;
        }
        List<float[]> result = new ArrayList<>(texts.size());
        texts.forEach(text -> result.add(vectors.get(text)));
        return result;
    }

    /** Texts per second of the embeddings made (not cached) in this run, or NaN when none were. */
    synchronized double embeddedPerSecond() {
        return embedded == 0 ? Double.NaN : embedded / (embedNanos / 1e9);
    }

    private OnnxEmbeddingModel model() {
        if (model == null) {
            try {
                model = BenchModels.open(modelId, new EmbeddingSettings(1, 32, 0));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open " + modelId + ": " + e.getMessage(), e);
            }
        }
        return model;
    }

    /** The model itself, uncached: for timing embedding as the service does it. */
    OnnxEmbeddingModel raw() {
        return model();
    }

    @Override
    public synchronized void close() throws IOException {
        if (model != null) {
            model.close();
        }
        if (added > 0) {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".part");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                out.writeInt(dimension);
                for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                    out.writeUTF(entry.getKey());
                    for (float value : entry.getValue()) {
                        out.writeFloat(value);
                    }
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
