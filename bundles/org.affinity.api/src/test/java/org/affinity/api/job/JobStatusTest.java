package org.affinity.api.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class JobStatusTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void progressLineShowsPercentCountsUnitAndMessage() {
        JobStatus status = new JobStatus("import-3", "import", "online retail", JobState.SUCCEEDED, 270954, 541909,
                "lines", "done", START, START.plusSeconds(10), null, null);
        assertEquals("import-3 import SUCCEEDED  50% 270,954/541,909 lines - done", status.progressLine());
        assertEquals(27095.4, status.rate(), 1e-6);
    }

    @Test
    void unknownTotalHasNoFraction() {
        JobStatus status = new JobStatus("train-1", "train", "cf", JobState.FAILED, 12, -1, null, null, START,
                START.plusSeconds(1), "out of memory", null);
        assertEquals(-1, status.fraction());
        assertEquals("train-1 train FAILED 12 - error: out of memory", status.progressLine());
    }
}
