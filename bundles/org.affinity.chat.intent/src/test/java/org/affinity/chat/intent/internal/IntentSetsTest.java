package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sets as the service keeps them: trained as jobs through the real Jobs service with real
 * models, stored in a data folder, reloaded by a new start, retrained after a model switch, replaced
 * only by a training that finished.
 */
class IntentSetsTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final IntentSettings SETTINGS = new IntentSettings(IntentSettings.DEFAULTS.abstention(), false,
            Duration.ofSeconds(5), Duration.ZERO);

    @TempDir
    Path data;

    private final Jobs jobs = TestJobs.create();
    private final AtomicReference<EmbeddingModel> english = new AtomicReference<>(RealModels.english());
    private final IntentTraining.Models models = language -> Language.CHINESE.equals(language) ? RealModels.chinese()
            : english.get();
    private List<IntentExample> orders;

    /** Eight order and account intents of Bitext, 15 examples each, and Chinese for three of them. */
    @BeforeEach
    void examples() throws IOException {
        List<String> intents = List.of("track_order", "cancel_order", "change_order", "get_refund", "recover_password",
                "create_account", "delete_account", "contact_human_agent");
        orders = new ArrayList<>();
        for (String intent : intents) {
            RealModels.bitext().stream().filter(e -> e.intent().equals(intent)).limit(15).forEach(orders::add);
        }
        RealModels.csv("data/shop/shop-zh.csv").stream()
                .filter(e -> List.of("track_order", "cancel_order", "get_refund").contains(e.intent())).forEach(orders::add);
    }

    private IntentSets sets(ShippedData shipped, IntentSettings settings) {
        IntentSets sets = new IntentSets(new SetFolder(data.resolve("chat/intents")), jobs, shipped, models, Recipe.SHIPPED,
                settings);
        sets.start();
        return sets;
    }

    private IntentSets sets() {
        return sets(RealModels.shipped(), SETTINGS);
    }

    private static JobStatus await(Job job) throws InterruptedException {
        JobStatus status = job.await(WAIT);
        assertTrue(status.state().finished(), "job did not finish: " + status.progressLine());
        return status;
    }

    @Test
    void trainsAsAJobThenServesAndAfterARestartServesTheStoredModelWithoutTraining() throws Exception {
        IntentSets sets = sets();
        Job job = sets.train("orders", orders, "test");
        JobStatus status = await(job);
        assertEquals(JobState.SUCCEEDED, status.state(), status.progressLine());
        IntentMetrics metrics = (IntentMetrics) status.result();
        assertEquals(orders.size(), metrics.examples());
        assertEquals(8, metrics.intents());

        IntentSet set = sets.set("orders").orElseThrow();
        assertEquals("ready", set.state());
        assertFalse(set.training());
        assertEquals(job.id(), set.jobId());
        assertEquals(Map.of("en", RealModels.ENGLISH, "zh", RealModels.CHINESE), set.models());
        assertEquals(metrics, set.metrics());
        Path folder = data.resolve("chat/intents/orders");
        for (String file : List.of("examples.csv", "model.bin", "set.json")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        assertEquals(orders.size() + 1, Files.readAllLines(folder.resolve("examples.csv")).size());
        IntentPrediction before = sets.classify("orders", "I want to cancel the order I made yesterday");
        assertEquals("cancel_order", before.intent());
        sets.close();

        int jobsBefore = jobs.list().size();
        IntentSets restarted = sets();
        assertEquals("ready", restarted.set("orders").orElseThrow().state());
        assertEquals(jobsBefore, jobs.list().size(), "nothing was retrained");
        assertEquals(before, restarted.classify("orders", "I want to cancel the order I made yesterday"));
        assertEquals("track_order", restarted.classify("orders", "我的包裹到哪了").intent());
        restarted.close();
    }

    @Test
    void badExamplesStartNoJobAndLeaveNothingBehind() {
        IntentSets sets = sets();
        List<IntentExample> bad = new ArrayList<>(orders);
        bad.add(new IntentExample("just one of these", "lonely_intent", 999));
        RejectedException e = assertThrows(RejectedException.class, () -> sets.train("orders", bad, "test"));
        assertEquals(999, e.rejections().get(0).line());
        assertThrows(IllegalArgumentException.class, () -> sets.train("Bad Name", orders, "test"));
        assertEquals(List.of(), sets.sets());
        assertEquals(List.of(), jobs.list());
        assertFalse(Files.exists(data.resolve("chat/intents/orders")));
        sets.close();
    }

    @Test
    void thePreviousModelServesWhileRetrainingAndACancelledTrainingLeavesItAsItWas() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> block = new AtomicReference<>(false);
        english.set(new Blocking(RealModels.english(), block, entered, release));
        IntentSets sets = sets();
        assertEquals(JobState.SUCCEEDED, await(sets.train("orders", orders, "test")).state());
        byte[] stored = Files.readAllBytes(data.resolve("chat/intents/orders/model.bin"));
        IntentPrediction before = sets.classify("orders", "where is my parcel");

        List<IntentExample> fewer = orders.stream().filter(e -> !e.intent().equals("contact_human_agent")).toList();
        block.set(true);
        Job retraining = sets.train("orders", fewer, "test");
        assertTrue(entered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the training embeds");
        IntentSet during = sets.set("orders").orElseThrow();
        assertTrue(during.training());
        assertEquals("ready", during.state());
        assertEquals(before, sets.classify("orders", "where is my parcel"), "the previous model answers meanwhile");
        retraining.cancel();
        release.countDown();
        assertEquals(JobState.CANCELLED, await(retraining).state());
        assertEquals(8, sets.set("orders").orElseThrow().intents().size(), "the previous model is still in use");
        assertArrayEquals(stored, Files.readAllBytes(data.resolve("chat/intents/orders/model.bin")), "and still stored");
        sets.close();
    }

    @Test
    void aSwitchOfTheEnglishModelMakesTheSetStaleThenRetrainsItFromItsStoredExamples() throws Exception {
        IntentSets sets = sets();
        assertEquals(JobState.SUCCEEDED, await(sets.train("orders", orders, "test")).state());
        english.set(RealModels.englishFp32());

        assertEquals("stale", sets.set("orders").orElseThrow().state());
        NoSuchElementException stale = assertThrows(NoSuchElementException.class,
                () -> sets.classify("orders", "where is my order"));
        assertTrue(stale.getMessage().contains("trained on " + RealModels.ENGLISH) && stale.getMessage().contains(
                RealModels.ENGLISH_FP32), stale.getMessage());
        assertEquals("track_order", sets.classify("orders", "我的订单到哪了").intent(), "the Chinese head's model did not change");

        // The classification that found the set stale asked for a check (due at once with a delay of 0).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!sets.set("orders").orElseThrow().training() && !sets.set("orders").orElseThrow().state().equals("ready")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(JobState.SUCCEEDED, sets.await("orders", WAIT).orElseThrow().state());
        IntentSet after = sets.set("orders").orElseThrow();
        assertEquals("ready", after.state());
        assertEquals(Map.of("en", RealModels.ENGLISH_FP32, "zh", RealModels.CHINESE), after.models());
        assertEquals(orders.size(), after.examples(), "from the stored examples");
        assertEquals("track_order", sets.classify("orders", "where is my order").intent());
        sets.close();
    }

    @Test
    void aSwitchWhileASetTrainsRetrainsItOnceThatTrainingEnded() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> block = new AtomicReference<>(true);
        english.set(new Blocking(RealModels.english(), block, entered, release));
        IntentSets sets = sets();
        Job first = sets.train("orders", orders, "test");
        assertTrue(entered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        english.set(RealModels.englishFp32());
        sets.modelsChanged(); // the check finds the set training and looks again later
        block.set(false);
        release.countDown();
        assertEquals(JobState.SUCCEEDED, await(first).state());
        assertEquals(RealModels.ENGLISH, sets.set("orders").orElseThrow().models().get("en"), "trained on what it started with");

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!RealModels.ENGLISH_FP32.equals(sets.set("orders").orElseThrow().models().get("en"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        IntentSet after = sets.set("orders").orElseThrow();
        assertEquals(RealModels.ENGLISH_FP32, after.models().get("en"), after.toString());
        assertEquals("ready", after.state());
        sets.close();
    }

    @Test
    void deleteRemovesTheSetAndItsFolder() throws Exception {
        IntentSets sets = sets();
        assertFalse(sets.delete("orders"));
        assertEquals(JobState.SUCCEEDED, await(sets.train("orders", orders, "test")).state());
        assertTrue(sets.delete("orders"));
        assertTrue(sets.set("orders").isEmpty());
        assertFalse(Files.exists(data.resolve("chat/intents/orders")));
        NoSuchElementException unknown = assertThrows(NoSuchElementException.class, () -> sets.classify("orders", "hi"));
        assertTrue(unknown.getMessage().contains("no intent set 'orders'"), unknown.getMessage());
        sets.close();
    }

    @Test
    void theShippedSetTrainsOnAFirstStartOnlyAndAnUnreadableModelRetrainsFromItsExamples() throws Exception {
        Path bundle = data.resolve("bundle");
        Files.createDirectories(bundle.resolve("data/shop"));
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
                bundle.resolve("data/shop/bitext-customer-support-20k.csv.gz"))), StandardCharsets.UTF_8)) {
            ExampleFiles.writeCsv(orders.stream().filter(e -> Language.of(e.text()).equals("en")).toList(), out);
        }
        Files.writeString(bundle.resolve("data/shop/chat-intents-en.csv"), "text,intent\nhello,greeting\nhi there,greeting\n");
        Files.writeString(bundle.resolve("data/shop/shop-zh.csv"), "text,intent\n我的订单到哪了,track_order\n取消订单,cancel_order\n");
        Files.copy(Path.of(ShippedData.BACKGROUND), bundle.resolve("data/out-of-scope-tuning.txt"));
        ShippedData shipped = new ShippedData(path -> Files.newInputStream(bundle.resolve(path)));
        IntentSettings trainShop = new IntentSettings(SETTINGS.abstention(), true, SETTINGS.modelWait(), Duration.ZERO);

        IntentSets first = sets(shipped, trainShop);
        assertEquals(JobState.SUCCEEDED, first.await("shop", WAIT).orElseThrow().state());
        assertTrue(first.set("shop").orElseThrow().intents().contains("greeting"));
        first.close();

        int jobsBefore = jobs.list().size();
        IntentSets second = sets(shipped, trainShop);
        assertEquals(jobsBefore, jobs.list().size(), "a stored shop set is not trained again");
        second.close();

        try (OutputStream out = Files.newOutputStream(data.resolve("chat/intents/shop/model.bin"))) {
            out.write("not a model".getBytes(StandardCharsets.UTF_8));
        }
        IntentSets third = sets(shipped, trainShop);
        assertTrue(third.set("shop").orElseThrow().training(), "an unreadable model is retrained at once");
        assertEquals(JobState.SUCCEEDED, third.await("shop", WAIT).orElseThrow().state());
        assertEquals("ready", third.set("shop").orElseThrow().state());
        third.close();
    }

    /** Blocks embedAll on job threads while {@code block} is set, until {@code release} opens. */
    private record Blocking(EmbeddingModel model, AtomicReference<Boolean> block, CountDownLatch entered,
            CountDownLatch release) implements EmbeddingModel {

        @Override
        public String id() {
            return model.id();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public float[] embed(String text) {
            return model.embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (block.get() && Thread.currentThread().getName().startsWith("affinity-job")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return model.embedAll(texts);
        }
    }
}
