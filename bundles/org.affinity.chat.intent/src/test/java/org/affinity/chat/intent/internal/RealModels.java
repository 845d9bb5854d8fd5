package org.affinity.chat.intent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.ModelBundleJar;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;

/**
 * The embedding models the service runs, opened once per test JVM from the built model bundles
 * (./affinity build makes them), and the shipped and test data of this project.
 */
final class RealModels {

    static final String ENGLISH = "all-minilm-l6-v2-q";
    static final String ENGLISH_FP32 = "all-minilm-l6-v2";
    static final String CHINESE = "bge-small-zh-v1.5-q";

    private static OnnxEmbeddingModel english;
    private static OnnxEmbeddingModel englishFp32;
    private static OnnxEmbeddingModel chinese;

    private RealModels() {
    }

    static synchronized EmbeddingModel english() {
        if (english == null) {
            english = open("org.affinity.model.minilm", ENGLISH);
        }
        return english;
    }

    static synchronized EmbeddingModel englishFp32() {
        if (englishFp32 == null) {
            englishFp32 = open("org.affinity.model.minilm", ENGLISH_FP32);
        }
        return englishFp32;
    }

    static synchronized EmbeddingModel chinese() {
        if (chinese == null) {
            chinese = open("org.affinity.model.bge", CHINESE);
        }
        return chinese;
    }

    /** English through MiniLM int8, Chinese through bge-small-zh int8: as the service's defaults. */
    static EmbeddingModel byLanguage(String language) {
        return Language.CHINESE.equals(language) ? chinese() : english();
    }

    private static OnnxEmbeddingModel open(String bundle, String model) {
        Path jar = Path.of("..", bundle, "target", bundle + ".jar");
        try {
            return ModelBundleJar.open(jar, model, new EmbeddingSettings(1, 32, 1_000));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + model + " from " + jar + " (run ./affinity build): " + e, e);
        }
    }

    static ShippedData shipped() {
        return new ShippedData(path -> Files.newInputStream(Path.of(path)));
    }

    /** The Bitext 20k examples as shipped. */
    static List<IntentExample> bitext() throws IOException {
        return gzipCsv(Path.of("data/shop/bitext-customer-support-20k.csv.gz"));
    }

    /** The Bitext 8k set (its check_invoice is the 20k set's check_invoices). */
    static List<IntentExample> bitext8k() throws IOException {
        List<IntentExample> examples = new ArrayList<>();
        for (IntentExample e : gzipCsv(Path.of("testdata/bitext-customer-service-8k.csv.gz"))) {
            examples.add(new IntentExample(e.text(), e.intent().equals("check_invoice") ? "check_invoices" : e.intent(),
                    e.line()));
        }
        return examples;
    }

    /** Out-of-scope texts of the report split (never used to choose anything in the product). */
    static List<String> outOfScopeReport() throws IOException {
        return Files.readAllLines(Path.of("testdata/out-of-scope-report.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** Every {@code step}-th example of every intent, in order: a small, stratified, fixed subset. */
    static List<IntentExample> everyNth(List<IntentExample> examples, int step) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        List<IntentExample> subset = new ArrayList<>();
        for (IntentExample e : examples) {
            int n = seen.merge(e.intent(), 1, Integer::sum);
            if ((n - 1) % step == 0) {
                subset.add(e);
            }
        }
        return subset;
    }

    static List<IntentExample> csv(String path) throws IOException {
        return ExampleFiles.read(Files.readString(Path.of(path), StandardCharsets.UTF_8), ExampleFiles.CSV);
    }

    private static List<IntentExample> gzipCsv(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            return ExampleFiles.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), ExampleFiles.CSV);
        }
    }
}
