package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.embedding.Reembeddable;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;

class ModelCommandTest {

    static final ModelInfo MINILM = new ModelInfo("all-minilm-l6-v2-q", 384, List.of("en"), "int8", "mean", 256,
            "Apache-2.0", "org.affinity.model.minilm");
    static final ModelInfo BGE = new ModelInfo("bge-small-zh-v1.5-q", 512, List.of("zh", "en"), "int8", "cls", 512,
            "MIT", "org.affinity.model.bge");

    private final List<String> reembedded = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void listMarksTheConfiguredAndTheActiveModel() {
        command(BGE.id(), Optional.of(BGE), Map.of()).list(out);
        String[] lines = output().split("\n");
        assertTrue(lines[0].startsWith("  all-minilm-l6-v2-q") && !lines[0].contains("(active)"), lines[0]);
        assertTrue(lines[1].startsWith("* bge-small-zh-v1.5-q") && lines[1].endsWith("(active)"), lines[1]);
    }

    @Test
    void listSaysWhenTheConfiguredModelIsNotInstalled() {
        command("gone-model", Optional.empty(), Map.of()).list(out);
        assertTrue(output().contains("configured model 'gone-model' is not installed"), output());
    }

    @Test
    void reembedStartsOnlyTheOwnersWhoseVectorsAnotherModelMade() throws Exception {
        ModelCommand command = command(BGE.id(), Optional.of(BGE), Map.of("items", MINILM.id(), "members", BGE.id()));
        command.reembed(List.of(), out);
        assertEquals(List.of("items"), reembedded);
        assertTrue(output().contains("reembed-items re-embeds items with bge-small-zh-v1.5-q (was all-minilm-l6-v2-q)"),
                output());
        assertTrue(output().contains("SUCCEEDED"), output());
    }

    @Test
    void reembedOfANamedCollectionForcesItAndAnUnknownNameIsRefused() throws Exception {
        ModelCommand command = command(BGE.id(), Optional.of(BGE), Map.of("items", BGE.id(), "members", BGE.id()));
        command.reembed(List.of(), out);
        assertTrue(output().contains("nothing to re-embed"), output());
        command.reembed(List.of("members"), out);
        assertEquals(List.of("members"), reembedded);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command.reembed(List.of("faq"), out));
        assertTrue(refused.getMessage().contains("[items, members]"), refused.getMessage());
    }

    @Test
    void collectionsFlagOnlyTheActiveModelsOwnersMadeByAnotherModel() {
        ModelCommand command = command(BGE.id(), Optional.of(BGE), Map.of("items", MINILM.id(), "members", BGE.id(),
                "articles-zh", BGE.id(), "cf-items", "cf-als-3"));
        command.vectors = fake(VectorIndex.class, Map.of("existing", name -> Optional.of(fake(VectorCollection.class, Map.of(
                "modelId", ignored -> Map.of("items", MINILM.id(), "members", BGE.id(), "articles-zh", BGE.id(),
                        "cf-items", "cf-als-3").get(name), "size", ignored -> 10L, "dimension", ignored -> 384))),
                "names", ignored -> new java.util.TreeSet<>(List.of("articles-zh", "cf-items", "items", "members"))));
        command.collections(out);
        List<String> flagged = output().lines().filter(line -> line.contains("made by another model"))
                .map(line -> line.strip().split("\\s+")[0]).toList();
        assertEquals(List.of("items"), flagged, output());
    }

    private ModelCommand command(String configured, Optional<ModelInfo> active, Map<String, String> collections) {
        EmbeddingModels models = new EmbeddingModels() {
            public List<ModelInfo> available() {
                return List.of(MINILM, BGE);
            }

            public String configured() {
                return configured;
            }

            public Optional<ModelInfo> active() {
                return active;
            }
        };
        ModelCommand command = new ModelCommand(models, fake(ConfigurationAdmin.class, Map.of()));
        command.vectors = fake(VectorIndex.class, Map.of("existing", name -> Optional.ofNullable(collections.get(name))
                .map(model -> fake(VectorCollection.class, Map.of("modelId", ignored -> model))),
                "names", ignored -> collections.keySet()));
        command.owners = List.of(owner("items"), owner("members"));
        return command;
    }

    private Reembeddable owner(String collection) {
        return new Reembeddable() {
            public String collection() {
                return collection;
            }

            public Job reembed() {
                reembedded.add(collection);
                return finished("reembed-" + collection);
            }
        };
    }

    private static Job finished(String id) {
        JobStatus done = new JobStatus(id, "reembed", id, JobState.SUCCEEDED, 10, 10, "vectors", null,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(1), null, null);
        return new Job() {
            public String id() {
                return id;
            }

            public JobStatus status() {
                return done;
            }

            public JobStatus await(Duration timeout) {
                return done;
            }

            public boolean cancel() {
                return false;
            }
        };
    }

    /** An interface whose named methods answer from their first argument; the rest are unused here. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, java.util.function.Function<Object, Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            var answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answer.apply(args == null ? null : args[0]);
        });
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
