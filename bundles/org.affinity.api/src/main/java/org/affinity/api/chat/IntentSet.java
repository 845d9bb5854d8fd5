package org.affinity.api.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A named intent set.
 *
 * @param state "training" (no model yet), "ready", "stale" (trained on an embedding model that is no longer
 *        the one in use for one of its languages: it cannot classify until it has been retrained from its
 *        stored examples, which starts by itself), or "failed" (training failed and there is no model)
 * @param training whether a training job is running now (a ready set keeps answering meanwhile)
 * @param jobId the latest training job, or null
 * @param intents the intents the model knows, sorted
 * @param examples how many examples the model was trained on
 * @param models embedding model per language the model depends on (e.g. "en" -> "all-minilm-l6-v2-q")
 * @param trained when the model in use was trained, or null
 * @param metrics held-out measurements of the model in use, or null
 * @param error why the latest training failed, or null
 */
public record IntentSet(String name, String state, boolean training, String jobId, List<String> intents, int examples,
        Map<String, String> models, Instant trained, IntentMetrics metrics, String error) {

    public IntentSet {
        intents = intents == null ? List.of() : List.copyOf(intents);
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    public boolean ready() {
        return "ready".equals(state);
    }
}
