package org.affinity.chat.knowledge.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.ModelBundleJar;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.jobs.internal.JobRunner;
import org.affinity.reco.testkit.Configs;

/** The real models from the built model bundles, the real job runner, the shipped articles. */
final class TestModels {

    static final Path BUNDLE = Path.of(".");
    static final String ENGLISH = "all-minilm-l6-v2-q";
    static final String CHINESE = "bge-small-zh-v1.5-q";

    private TestModels() {
    }

    static OnnxEmbeddingModel english() throws Exception {
        return ModelBundleJar.open(Path.of("../org.affinity.model.minilm/target/org.affinity.model.minilm.jar"), ENGLISH,
                EmbeddingSettings.DEFAULTS);
    }

    static OnnxEmbeddingModel chinese() throws Exception {
        return ModelBundleJar.open(Path.of("../org.affinity.model.bge/target/org.affinity.model.bge.jar"), CHINESE,
                EmbeddingSettings.DEFAULTS);
    }

    static Jobs jobs() throws Exception {
        Object config = Configs.of(Class.forName("org.affinity.jobs.internal.JobsConfig"), Map.of());
        return (Jobs) JobRunner.class.getConstructors()[0].newInstance(config);
    }

    static JobStatus finish(Job job) throws InterruptedException {
        JobStatus status = job.await(Duration.ofMinutes(2));
        if (status.state() != JobState.SUCCEEDED) {
            throw new AssertionError("job did not succeed: " + status.progressLine());
        }
        return status;
    }

    static Map<String, String> articles() {
        return RetrievalEvaluation.shippedArticles(BUNDLE);
    }
}
