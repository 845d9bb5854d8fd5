package org.affinity.chat.internal;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.job.Job;

/**
 * A classifier for dialogue tests: the first phrase contained in the text decides the intent, with
 * full confidence; anything else abstains. The real classifier is tested in org.affinity.chat.intent
 * and with chat in the runtime (ChatIT).
 */
final class ScriptedClassifier implements IntentClassifier {

    private final Map<String, String> phrases = new LinkedHashMap<>();
    private boolean ready = true;

    ScriptedClassifier when(String phrase, String intent) {
        phrases.put(phrase.toLowerCase(), intent);
        return this;
    }

    ScriptedClassifier notReady() {
        ready = false;
        return this;
    }

    @Override
    public IntentPrediction classify(String set, String text) {
        if (!ready) {
            throw new NoSuchElementException("intent set '" + set + "' is still training");
        }
        String lower = text.toLowerCase();
        String language = Language.of(text);
        for (Map.Entry<String, String> phrase : phrases.entrySet()) {
            if (lower.contains(phrase.getKey())) {
                return new IntentPrediction(phrase.getValue(), 0.95, false, List.of(), language);
            }
        }
        return new IntentPrediction("complaint", 0.2, true, List.of(), language);
    }

    @Override
    public List<IntentPrediction> classifyAll(String set, List<String> texts) {
        return texts.stream().map(t -> classify(set, t)).toList();
    }

    @Override
    public List<IntentSet> sets() {
        return List.of();
    }

    @Override
    public Optional<IntentSet> set(String name) {
        return Optional.empty();
    }

    @Override
    public List<IntentExample> read(InputStream in, String format) {
        throw new IllegalStateException("not in dialogue tests");
    }

    @Override
    public Job train(String set, List<IntentExample> examples) {
        throw new IllegalStateException("not in dialogue tests");
    }

    @Override
    public boolean delete(String set) {
        return false;
    }
}
