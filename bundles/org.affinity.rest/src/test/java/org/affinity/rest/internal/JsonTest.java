package org.affinity.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JsonTest {

    @Test
    void recordsBecomeObjectsWithIsoTimesAndWithoutNulls() throws Exception {
        JobStatus status = new JobStatus("import-1", "import", "demo", JobState.RUNNING, 5, 10, "lines", null,
                Instant.parse("2026-01-01T10:00:00Z"), null, null, null);
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(status));
        assertEquals("2026-01-01T10:00:00Z", json.get("started").asText());
        assertEquals("RUNNING", json.get("state").asText());
        assertEquals(5, json.get("done").asLong());
        assertEquals(false, json.has("finished"));
        assertEquals(false, json.has("error"));
    }
}
