package org.affinity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearestRankPercentiles() {
        Latencies latencies = new Latencies();
        for (int i = 1; i <= 2000; i++) {
            latencies.record(i * 1_000_000L);
        }
        assertEquals(1000.0, latencies.percentileMillis(50), 1e-9);
        assertEquals(1980.0, latencies.percentileMillis(99), 1e-9);
        assertEquals(2000.0, latencies.percentileMillis(100), 1e-9);
        assertEquals(1000.5, latencies.meanMillis(), 1e-9);
    }

    @Test
    void tablePrintsMarkdownWithReadableNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Table table = new Table(new PrintStream(bytes, true, StandardCharsets.UTF_8), "what", "rate", "ratio");
        table.row("ours", 20345.6, 0.987);
        assertEquals("| what | rate | ratio |\n|---|---|---|\n| ours | 20,346 | 0.987 |\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
