package org.affinity.chat.intent.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The classifier of one language of a set: its n-gram space, its weights over the embedding of one
 * model, and the temperature that calibrates its probabilities. It knows the set's intents that
 * have examples in its language ({@link #intents}: its classes, as indices into the set's intents).
 */
final class Head {

    final String language;
    /** The embedding model its weights were fit on, or null when it uses no embedding. */
    final String modelId;
    final NgramSpace space;
    final SoftmaxNet net;
    final int[] intents;
    final float embeddingWeight;
    volatile double temperature;

    Head(String language, String modelId, NgramSpace space, SoftmaxNet net, int[] intents, float embeddingWeight,
            double temperature) {
        this.language = language;
        this.modelId = modelId;
        this.space = space;
        this.net = net;
        this.intents = intents;
        this.embeddingWeight = embeddingWeight;
        this.temperature = temperature;
    }

    /**
     * Fits a head.
     *
     * @param labels per text, the index of its intent among the set's intents
     * @param embeddings per text (null when the recipe uses none)
     */
    static Head fit(Recipe recipe, String language, String modelId, List<String> texts, List<float[]> embeddings,
            int[] labels, int setIntents, NetTraining.Progress progress) {
        int[] classOf = new int[setIntents];
        Arrays.fill(classOf, -1);
        int classes = 0;
        for (int label : labels) {
            if (classOf[label] < 0) {
                classOf[label] = 0; // mark present; numbered below in intent order
            }
        }
        int[] intents = new int[setIntents];
        for (int intent = 0; intent < setIntents; intent++) {
            if (classOf[intent] == 0) {
                classOf[intent] = classes;
                intents[classes++] = intent;
            }
        }
        intents = Arrays.copyOf(intents, classes);
        NgramSpace space = NgramSpace.fit(texts, recipe.ngrams(), recipe.minCount(), recipe.wordWeight(), recipe.charWeight());
        int dense = recipe.embedding() ? embeddings.get(0).length : 0;
        float[][] x = recipe.embedding() ? new float[texts.size()][] : null;
        SparseVector[] f = new SparseVector[texts.size()];
        int[] y = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            if (x != null) {
                x[i] = weigh(embeddings.get(i), recipe.embeddingWeight());
            }
            f[i] = space.vector(texts.get(i));
            y[i] = classOf[labels[i]];
        }
        SoftmaxNet net = NetTraining.fit(recipe, new NetTraining.Examples(x, f, y, dense, space.size()), classes, progress);
        return new Head(language, recipe.embedding() ? modelId : null, space, net, intents,
                recipe.embedding() ? recipe.embeddingWeight() : 0, 1);
    }

    boolean usesEmbedding() {
        return modelId != null;
    }

    /** Uncalibrated logits of a text over this head's classes. */
    float[] logits(String text, float[] embedding) {
        float[] logits = new float[net.classes];
        float[] x = usesEmbedding() ? weigh(embedding, embeddingWeight) : null;
        net.logits(x, space.vector(text), new float[net.hidden], logits);
        return logits;
    }

    /** Calibrated probabilities over the set's intents (0 for intents this head does not know). */
    double[] probabilities(String text, float[] embedding, int setIntents) {
        float[] p = logits(text, embedding);
        SoftmaxNet.softmax(p, p.length, temperature);
        double[] probabilities = new double[setIntents];
        for (int c = 0; c < p.length; c++) {
            probabilities[intents[c]] = p[c];
        }
        return probabilities;
    }

    private static float[] weigh(float[] embedding, float weight) {
        if (weight == 1f) {
            return embedding;
        }
        float[] x = new float[embedding.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = embedding[j] * weight;
        }
        return x;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(language);
        out.writeUTF(modelId == null ? "" : modelId);
        out.writeFloat(embeddingWeight);
        out.writeDouble(temperature);
        out.writeInt(intents.length);
        for (int intent : intents) {
            out.writeInt(intent);
        }
        space.write(out);
        net.write(out);
    }

    static Head read(DataInputStream in) throws IOException {
        String language = in.readUTF();
        String modelId = in.readUTF();
        float embeddingWeight = in.readFloat();
        double temperature = in.readDouble();
        int[] intents = new int[in.readInt()];
        for (int i = 0; i < intents.length; i++) {
            intents[i] = in.readInt();
        }
        NgramSpace space = NgramSpace.read(in);
        SoftmaxNet net = SoftmaxNet.read(in);
        return new Head(language, modelId.isEmpty() ? null : modelId, space, net, intents, embeddingWeight, temperature);
    }
}
