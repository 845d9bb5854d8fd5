package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentCommandsTest {

    @TempDir
    Path folder;

    /** A classifier whose read() hands back the content and format it was given. */
    private static final IntentClassifier ECHO = (IntentClassifier) Proxy.newProxyInstance(
            IntentCommandsTest.class.getClassLoader(), new Class<?>[] {IntentClassifier.class}, (proxy, method, args) -> {
                if (method.getName().equals("read")) {
                    String content = new String(((InputStream) args[0]).readAllBytes(), StandardCharsets.UTF_8);
                    return List.of(IntentExample.of(content, (String) args[1]));
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void filesAreReadAsCsvOrNdjsonByTheirNamePlainOrGzipped() throws IOException {
        Path csv = Files.writeString(folder.resolve("examples.CSV"), "text,intent\nhi,greeting\n");
        assertEquals(IntentExample.of("text,intent\nhi,greeting\n", "csv"), IntentCommands.read(ECHO, csv).get(0));
        Path ndjson = folder.resolve("examples.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ndjson))) {
            out.write("{\"text\":\"hi\",\"intent\":\"greeting\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(IntentExample.of("{\"text\":\"hi\",\"intent\":\"greeting\"}\n", "ndjson"),
                IntentCommands.read(ECHO, ndjson).get(0));
        Path text = Files.writeString(folder.resolve("examples.txt"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntentCommands.read(ECHO, text));
        assertTrue(e.getMessage().contains(".csv") && e.getMessage().contains(".ndjson"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntentCommands.read(ECHO, folder.resolve("missing.csv")));
    }

    @Test
    void setsAndPredictionsPrintWhatPeopleNeed() {
        IntentMetrics metrics = new IntentMetrics(120, 3, 24, 0.958, 0.95, 0.042,
                List.of(new IntentMetrics.Confusion("get_refund", "track_refund", 1)), 7.5);
        IntentSet set = new IntentSet("shop", "ready", true, "train-7", List.of("a", "b", "c"), 120,
                Map.of("en", "all-minilm-l6-v2-q"), Instant.parse("2026-12-07T10:00:00Z"), metrics, null);
        String line = IntentCommands.line(set);
        assertTrue(line.startsWith("shop") && line.contains("ready") && line.contains("3 intents") && line.contains("120 examples")
                && line.contains("en=all-minilm-l6-v2-q") && line.contains("accuracy 0.958") && line.contains("training as train-7"),
                line);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        IntentCommands.show(set, out);
        IntentCommands.print(new IntentPrediction("track_order", 0.93, false,
                List.of(new IntentPrediction.IntentScore("delivery_period", 0.04)), "en"), out);
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("intents: a, b, c"), shown);
        assertTrue(shown.contains("get_refund -> track_refund: 1"), shown);
        assertTrue(shown.contains("track_order  confidence 0.930  the chat would act on it  (en)"), shown);
        assertTrue(shown.contains("then delivery_period 0.040"), shown);
    }
}
