package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.embedding.ModelUnavailableException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The embedding service inside Felix: the default model embeds, the model bundles' models are
 * listed, and a consumer with a dynamic reference survives its model bundle stopping and starting,
 * and a model switch, while it keeps embedding.
 */
class EmbeddingIT {

    private static final long WAIT_MILLIS = 60_000;

    @InjectBundleContext
    BundleContext context;

    @Test
    void theDefaultModelEmbedsInsideFelix(
            @InjectService(timeout = WAIT_MILLIS, filter = "(model.id=all-minilm-l6-v2-q)") EmbeddingModel model,
            @InjectService(timeout = WAIT_MILLIS) EmbeddingModels models) throws Exception {
        assertEquals("all-minilm-l6-v2-q", model.id());
        assertEquals(384, model.dimension());
        float[] lights = model.embed("christmas lights");
        assertEquals(384, lights.length);
        assertEquals(1.0, Math.sqrt(dot(lights, lights)), 1e-4);
        assertTrue(dot(lights, model.embed("FAIRY LIGHTS CHRISTMAS TREE")) > dot(lights, model.embed("refund my order")));
        assertEquals(2, model.embedAll(List.of("a", "b")).size());

        ServiceReference<EmbeddingModel> reference = context.getServiceReferences(EmbeddingModel.class,
                "(model.active=true)").iterator().next();
        assertEquals(384, reference.getProperty(EmbeddingModel.DIMENSION));
        assertEquals(1, countActive(), "one active EmbeddingModel service");
        assertEquals(100, reference.getProperty("service.ranking"));

        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-zh-v1.5", "bge-small-zh-v1.5-q"),
                models.available().stream().map(ModelInfo::id).toList());
        assertEquals("all-minilm-l6-v2-q", models.configured());
        ModelInfo active = models.active().orElseThrow();
        assertEquals("org.affinity.model.minilm", active.bundle());
        assertEquals("int8", active.precision());
    }

    @Test
    void onnxRuntimeComesFromItsBundleWithItsVersion() {
        BundleWiring wiring = bundle("org.affinity.embedding.onnx").adapt(BundleWiring.class);
        BundleWire wire = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(w -> "ai.onnxruntime".equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst().orElseThrow();
        assertEquals("org.affinity.lib.onnxruntime", wire.getProvider().getSymbolicName());
        assertEquals(new Version(1, 29, 0), wire.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        assertEquals(Bundle.ACTIVE, bundle("org.affinity.lib.onnxruntime").getState());
    }

    @Test
    void aConsumerSurvivesItsModelBundleStoppingAndStarting(
            @InjectService(timeout = WAIT_MILLIS) EmbeddingConsumer consumer,
            @InjectService(timeout = WAIT_MILLIS) EmbeddingModels models) throws Exception {
        await(() -> consumer.model().isPresent(), "the consumer has the model");
        Bundle minilm = bundle("org.affinity.model.minilm");
        try (Traffic traffic = new Traffic(consumer)) {
            traffic.awaitEmbeddings(5);

            minilm.stop();
            assertEquals(0, countActive(), "the service goes with its bundle, before stop returns");
            await(() -> consumer.model().isEmpty(), "the consumer lets go of the model");
            assertFalse(models.available().stream().anyMatch(m -> m.id().startsWith("all-minilm")),
                    models.available().toString());
            assertTrue(models.active().isEmpty());
            assertTrue(consumer.embed("nothing to embed with").isEmpty());

            int before = traffic.embedded.get();
            minilm.start();
            await(() -> consumer.model().isPresent(), "the consumer gets the model back");
            assertEquals("all-minilm-l6-v2-q", consumer.model().get().id());
            traffic.awaitEmbeddings(before + 5);
            assertEquals(384, consumer.embed("back again").orElseThrow().length);
            traffic.assertClean();
        } finally {
            if (minilm.getState() != Bundle.ACTIVE) {
                minilm.start();
            }
        }
    }

    @Test
    void switchingTheModelRebindsTheConsumer(@InjectService(timeout = WAIT_MILLIS) EmbeddingConsumer consumer,
            @InjectService(timeout = WAIT_MILLIS) ConfigurationAdmin configurations) throws Exception {
        await(() -> consumer.model().isPresent(), "the consumer has the model");
        Configuration configuration = configurations.getConfiguration("org.affinity.embedding", "?");
        try (Traffic traffic = new Traffic(consumer)) {
            traffic.awaitEmbeddings(3);
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("model", "bge-small-zh-v1.5-q");
            configuration.update(properties);
            await(() -> consumer.model().map(m -> m.id().equals("bge-small-zh-v1.5-q")).orElse(false),
                    "the consumer is rebound to the Chinese model");
            assertEquals(512, consumer.embed("圣诞灯串 christmas lights").orElseThrow().length);
            int before = traffic.embedded.get();
            traffic.awaitEmbeddings(before + 3);
            traffic.assertClean();
        } finally {
            configuration.delete();
            await(() -> consumer.model().map(m -> m.id().equals("all-minilm-l6-v2-q")).orElse(false),
                    "back to the default model");
        }
    }

    @Test
    void aBundleThatAsksForAModelHasItLoadedWhileItRuns(
            @InjectService(timeout = WAIT_MILLIS) EmbeddingConsumer consumer,
            @InjectService(timeout = WAIT_MILLIS) EmbeddingModels models,
            @InjectService(timeout = WAIT_MILLIS) ConfigurationAdmin configurations) throws Exception {
        await(() -> consumer.model().isPresent(), "the consumer has the model");
        String wanted = "(&(model.id=all-minilm-l6-v2)(model.active=false))";
        assertEquals(0, registered(wanted), "nobody asked for fp32 yet");
        Configuration configuration = configurations.getConfiguration("org.affinity.embedding", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("linger.seconds", 0);
        configuration.update(properties);
        Bundle asking = context.installBundle("probe:asks-for-fp32", DemandingBundle.jar("org.affinity.itest.asks",
                "affinity.embedding.model;filter:=\"(&(affinity.embedding.model=all-minilm-*)(precision=fp32))\";"
                        + "effective:=active"));
        try {
            asking.start();
            await(() -> registered(wanted) == 1, "the asked-for model is registered");
            ServiceReference<EmbeddingModel> reference = context.getServiceReferences(EmbeddingModel.class, wanted)
                    .iterator().next();
            EmbeddingModel fp32 = context.getService(reference);
            assertEquals(384, fp32.embed("christmas lights").length);
            assertEquals(0, reference.getProperty("service.ranking"));
            context.ungetService(reference);
            assertEquals("all-minilm-l6-v2-q", consumer.model().orElseThrow().id(), "the shared model stays the consumer's");
            assertTrue(models.loaded().stream().map(ModelInfo::id).toList()
                    .containsAll(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q")), models.loaded().toString());
            assertEquals(1, countActive());

            asking.stop();
            await(() -> registered(wanted) == 0, "the model goes once nobody asks for it");
            assertFalse(models.loaded().stream().anyMatch(m -> m.id().equals("all-minilm-l6-v2")));
        } finally {
            asking.uninstall();
            configuration.delete();
        }
    }

    /** A thread embedding through the consumer until closed; remembers anything unexpected. */
    static final class Traffic implements AutoCloseable {
        final AtomicInteger embedded = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final List<Throwable> unexpected = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Traffic(EmbeddingConsumer consumer) {
            thread = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    try {
                        Optional<float[]> vector = consumer.embed("traffic " + i++);
                        if (vector.isPresent()) {
                            embedded.incrementAndGet();
                        } else {
                            Thread.sleep(5);
                        }
                    } catch (ModelUnavailableException e) {
                        refused.incrementAndGet();
                    } catch (Throwable e) {
                        synchronized (unexpected) {
                            unexpected.add(e);
                        }
                    }
                }
            }, "embedding-traffic");
            thread.start();
        }

        void awaitEmbeddings(int count) throws InterruptedException {
            await(() -> embedded.get() >= count, count + " embeddings through the consumer");
        }

        void assertClean() {
            synchronized (unexpected) {
                assertTrue(unexpected.isEmpty(), "unexpected failures: " + unexpected);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertClean();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private int registered(String filter) {
        try {
            return context.getServiceReferences(EmbeddingModel.class, filter).size();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private int countActive() throws Exception {
        return context.getServiceReferences(EmbeddingModel.class, "(model.active=true)").size();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
