package org.affinity.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;

/**
 * The real-embedding data set of the KNN benchmark: every unique text of ../shared/data
 * ({@link BenchTexts}) embedded by the platform's embedding model, kept as a {@link VectorsFile}
 * in {@code cache/bench/} (git-ignored, and outside every target/ folder, which builds wipe). A
 * rerun reuses the file when its texts are exactly the texts collected now.
 */
final class KnnVectors {

    static final String DEFAULT_MODEL = "all-minilm-l6-v2-q";
    private static final int CHUNK = 512;

    private KnnVectors() {
    }

    static Path cache() {
        return BenchEnvironment.root().resolve("cache/bench");
    }

    static Path file(String modelId) {
        return cache().resolve("knn-vectors-" + modelId + ".f32");
    }

    /** The vectors file of {@code modelId}, embedded now unless the cached one holds the same texts. */
    static Path ensure(String modelId) throws IOException {
        Path f32 = file(modelId);
        List<BenchTexts.Text> texts = BenchTexts.collect(BenchEnvironment.shared().resolve("data"));
        List<String> lines = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            lines.add(i + "\t" + texts.get(i).source() + "\t" + texts.get(i).text());
        }
        Path tsv = VectorsFile.tsv(f32);
        if (Files.isRegularFile(f32) && Files.isRegularFile(tsv) && Files.readAllLines(tsv, StandardCharsets.UTF_8).equals(lines)) {
            System.err.printf("knn: %,d cached embeddings of %s in %s%n", texts.size(), modelId, f32);
            return f32;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.err.printf("knn: embedding %,d texts with %s (%d intra-op threads, batches of 32); cached in %s%n", texts.size(),
                modelId, threads, f32);
        List<VectorsFile.Row> rows = new ArrayList<>(texts.size());
        long started = System.nanoTime();
        try (OnnxEmbeddingModel model = BenchModels.open(modelId, new EmbeddingSettings(threads, 32, 0))) {
            for (int from = 0; from < texts.size(); from += CHUNK) {
                List<BenchTexts.Text> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
                List<String> strings = new ArrayList<>(chunk.size());
                chunk.forEach(text -> strings.add(text.text()));
                List<float[]> vectors = model.embedAll(strings);
                for (int i = 0; i < chunk.size(); i++) {
                    rows.add(new VectorsFile.Row(Integer.toString(from + i), chunk.get(i).source(), chunk.get(i).text(),
                            vectors.get(i)));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.err.printf("knn: embedded %,d/%,d texts, %.0f texts/s%n", rows.size(), texts.size(), rows.size() / seconds);
            }
        }
        VectorsFile.write(f32, rows);
        return f32;
    }
}
