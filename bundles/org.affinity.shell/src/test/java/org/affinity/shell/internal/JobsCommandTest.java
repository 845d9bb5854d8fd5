package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.junit.jupiter.api.Test;

class JobsCommandTest {

    @Test
    void watchPrintsALinePerTickThenTheFinalStatusAndResult() throws Exception {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        Deque<JobStatus> states = new ArrayDeque<>(List.of(
                new JobStatus("import-1", "import", "t", JobState.RUNNING, 10, 100, "lines", null, start, null, null, null),
                new JobStatus("import-1", "import", "t", JobState.RUNNING, 60, 100, "lines", null, start, null, null, null),
                new JobStatus("import-1", "import", "t", JobState.SUCCEEDED, 100, 100, "lines", null, start,
                        start.plusSeconds(2), null, "100 imported")));
        Job job = new Job() {
            @Override
            public String id() {
                return "import-1";
            }

            @Override
            public JobStatus status() {
                return states.peek();
            }

            @Override
            public JobStatus await(Duration timeout) {
                if (states.size() > 1) {
                    states.pop();
                }
                return states.peek();
            }

            @Override
            public boolean cancel() {
                return false;
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobStatus last = JobsCommand.watch(job, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(JobState.SUCCEEDED, last.state());
        assertEquals(4, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" 10%"), lines[0]);
        assertTrue(lines[1].contains(" 60%"), lines[1]);
        assertTrue(lines[2].startsWith("import-1 import SUCCEEDED 100%"), lines[2]);
        assertEquals("100 imported", lines[3]);
    }
}
