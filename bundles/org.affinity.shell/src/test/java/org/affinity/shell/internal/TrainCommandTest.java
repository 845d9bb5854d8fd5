package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.training.ModelStatus;
import org.junit.jupiter.api.Test;

/** affinity:train's line for a model chosen by a search: the settings, then the search's choice, runner-up and trials. */
class TrainCommandTest {

    @Test
    void aSearchedModelShowsItsChoiceRunnerUpAndTrials() {
        Map<String, Object> ease = trial(2, "ease", Map.of("easeLambda", 300.0), 0.0978);
        Map<String, Object> als = trial(1, "als+neighbours", Map.of("factors", 64), 0.0860);
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("validation", "temporal: train before 2011-10-20");
        search.put("stopped", "24 trials");
        search.put("seconds", 95.2);
        search.put("chosen", ease);
        search.put("runnerUp", als);
        search.put("trials", List.of(als, ease));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("family", "ease");
        details.put("search", search);
        String text = TrainCommand.line(new ModelStatus("cf", "cf-ease-2", Instant.EPOCH, 10, 20, 30, 0, null, details));
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("cf: model cf-ease-2 trained") && lines.get(0).endsWith("{family=ease}"), text);
        assertEquals("  model search: temporal: train before 2011-10-20; 24 trials in 95.2 s", lines.get(1));
        assertEquals("  chosen:    trial 2: ease {easeLambda=300.0}: ndcg@10 0.0978 (1.5 s)", lines.get(2));
        assertEquals("  runner-up: trial 1: als+neighbours {factors=64}: ndcg@10 0.086 (1.5 s)", lines.get(3));
        assertEquals(6, lines.size(), text);
    }

    private static Map<String, Object> trial(int number, String family, Map<String, Object> parameters, double ndcg) {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("trial", number);
        trial.put("family", family);
        trial.put("parameters", parameters);
        trial.put("ndcg10", ndcg);
        trial.put("seconds", 1.5);
        return trial;
    }
}
