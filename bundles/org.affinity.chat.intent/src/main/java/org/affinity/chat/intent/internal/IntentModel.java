package org.affinity.chat.intent.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentPrediction.IntentScore;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;

/**
 * A trained set: its intents and one {@link Head} per language its examples were written in. A text
 * goes to the head of its language ({@link Language}); a language without a head of its own is read
 * by another head (the set's first language, English when it has one).
 */
public final class IntentModel {

    /** Bumped whenever the file layout changes: an older file is retrained from its examples. */
    static final int FORMAT = 1;
    private static final int MAGIC = 0x494e5431; // "INT1"

    final List<String> intents;
    final Map<String, Head> heads;

    IntentModel(List<String> intents, Map<String, Head> heads) {
        this.intents = List.copyOf(intents);
        this.heads = Collections.unmodifiableMap(new TreeMap<>(heads));
    }

    public List<String> intents() {
        return intents;
    }

    /** Languages with a head, and the embedding model each was fit on ("" for none). */
    public Map<String, String> models() {
        Map<String, String> models = new TreeMap<>();
        heads.forEach((language, head) -> models.put(language, head.modelId == null ? "" : head.modelId));
        return models;
    }

    /** The head that reads {@code language}. */
    Head head(String language) {
        Head head = heads.get(language);
        if (head != null) {
            return head;
        }
        head = heads.get(Language.ENGLISH);
        return head != null ? head : heads.values().iterator().next();
    }

    /**
     * Classifies texts: each one's language, the head that reads it, its vector by that head's model
     * (one embedAll per head).
     *
     * @throws ModelUnavailableException when a head's model is not the one {@code models} has now
     */
    public List<IntentPrediction> classifyAll(List<String> texts, IntentTraining.Models models, Abstention abstention) {
        String[] languages = new String[texts.size()];
        Map<Head, List<Integer>> byHead = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            languages[i] = Language.of(texts.get(i));
            byHead.computeIfAbsent(head(languages[i]), h -> new ArrayList<>()).add(i);
        }
        IntentPrediction[] predictions = new IntentPrediction[texts.size()];
        byHead.forEach((head, indices) -> {
            List<float[]> embeddings = null;
            if (head.usesEmbedding()) {
                EmbeddingModel model = models.model(head.language);
                if (model == null) {
                    throw new ModelUnavailableException(head.modelId, "no embedding model reads "
                            + Language.name(head.language) + " now");
                }
                if (!model.id().equals(head.modelId)) {
                    throw new ModelUnavailableException(head.modelId, "the " + Language.name(head.language)
                            + " model is now " + model.id());
                }
                embeddings = model.embedAll(indices.stream().map(texts::get).toList());
            }
            for (int k = 0; k < indices.size(); k++) {
                int i = indices.get(k);
                predictions[i] = predict(texts.get(i), languages[i], embeddings == null ? null : embeddings.get(k),
                        abstention);
            }
        });
        return List.of(predictions);
    }

    public IntentPrediction classify(String text, IntentTraining.Models models, Abstention abstention) {
        return classifyAll(List.of(text), models, abstention).get(0);
    }

    /**
     * The prediction for a text read as {@code language}.
     *
     * @param embedding the text's vector by the head's model (ignored by a head without embedding)
     */
    IntentPrediction predict(String text, String language, float[] embedding, Abstention abstention) {
        Head head = head(language);
        double[] probabilities = head.probabilities(text, embedding, intents.size());
        return prediction(probabilities, language, abstention, abstention.outOfScope() && head.outOfScope(embedding));
    }

    private IntentPrediction prediction(double[] probabilities, String language, Abstention abstention,
            boolean outOfScope) {
        int first = -1;
        int second = -1;
        for (int k = 0; k < probabilities.length; k++) {
            if (first < 0 || probabilities[k] > probabilities[first]) {
                second = first;
                first = k;
            } else if (second < 0 || probabilities[k] > probabilities[second]) {
                second = k;
            }
        }
        double top = probabilities[first];
        double runnerUp = second < 0 ? 0 : probabilities[second];
        List<IntentScore> alternatives = new ArrayList<>(3);
        boolean[] taken = new boolean[probabilities.length];
        taken[first] = true;
        for (int n = 0; n < 3; n++) {
            int best = -1;
            for (int k = 0; k < probabilities.length; k++) {
                if (!taken[k] && probabilities[k] > 0 && (best < 0 || probabilities[k] > probabilities[best])) {
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            alternatives.add(new IntentScore(intents.get(best), round(probabilities[best])));
        }
        return new IntentPrediction(intents.get(first), round(top), outOfScope || abstention.abstains(top, runnerUp),
                alternatives, language);
    }

    /** Four decimals: enough for people and thresholds, and stable across runs. */
    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    void write(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(intents.size());
        for (String intent : intents) {
            out.writeUTF(intent);
        }
        out.writeInt(heads.size());
        for (Head head : heads.values()) {
            head.write(out);
        }
        out.flush();
    }

    /** @throws IOException when the stream is not a model of this format */
    static IntentModel read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("not an intent model file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("model format " + format + ", this version reads " + FORMAT);
        }
        List<String> intents = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            intents.add(in.readUTF());
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            Head head = Head.read(in);
            heads.put(head.language, head);
        }
        return new IntentModel(intents, heads);
    }
}
