package org.affinity.chat.intent.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

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
    /** Embeddings of training examples (unit length, row after row): what "like the set's examples" means. */
    final float[] references;
    volatile double temperature;
    /** Texts whose nearest reference is less similar than this are out of scope; NaN: not known. */
    volatile double floor = Double.NaN;

    /** Most training embeddings a head keeps as references (6 MB at 384 dimensions). */
    static final int MAX_REFERENCES = 4096;

    Head(String language, String modelId, NgramSpace space, SoftmaxNet net, int[] intents, float embeddingWeight,
            float[] references, double temperature) {
        this.language = language;
        this.modelId = modelId;
        this.space = space;
        this.net = net;
        this.intents = intents;
        this.embeddingWeight = embeddingWeight;
        this.references = references;
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
                recipe.embedding() ? recipe.embeddingWeight() : 0,
                recipe.embedding() ? references(embeddings, y, classes, recipe.seed()) : new float[0], 1);
    }

    /**
     * Up to {@link #MAX_REFERENCES} training embeddings, the same number from every class as far as
     * they go (a class with few examples keeps them all), chosen at random by the seed.
     */
    static float[] references(List<float[]> embeddings, int[] classes, int classCount, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < classes.length; i++) {
            byClass.get(classes[i]).add(i);
        }
        Random random = new Random(seed);
        byClass.forEach(members -> Collections.shuffle(members, random));
        List<Integer> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < Math.min(MAX_REFERENCES, classes.length); round++) {
            for (List<Integer> members : byClass) {
                if (round < members.size() && chosen.size() < MAX_REFERENCES) {
                    chosen.add(members.get(round));
                }
            }
        }
        int dimension = embeddings.get(0).length;
        float[] references = new float[chosen.size() * dimension];
        for (int r = 0; r < chosen.size(); r++) {
            System.arraycopy(embeddings.get(chosen.get(r)), 0, references, r * dimension, dimension);
        }
        return references;
    }

    /** Cosine of the text's embedding to the most similar reference (vectors are unit length). */
    double nearest(float[] embedding) {
        int dimension = embedding.length;
        double best = -1;
        for (int offset = 0; offset + dimension <= references.length; offset += dimension) {
            best = Math.max(best, SoftmaxNet.dot(references, offset, embedding, dimension));
        }
        return best;
    }

    /** Whether the text is unlike every reference (never true before the floor is known). */
    boolean outOfScope(float[] embedding) {
        double limit = floor;
        return embedding != null && !Double.isNaN(limit) && references.length > 0 && nearest(embedding) < limit;
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
        out.writeDouble(floor);
        out.writeInt(intents.length);
        for (int intent : intents) {
            out.writeInt(intent);
        }
        space.write(out);
        net.write(out);
        out.writeInt(references.length);
        for (float value : references) {
            out.writeFloat(value);
        }
    }

    static Head read(DataInputStream in) throws IOException {
        String language = in.readUTF();
        String modelId = in.readUTF();
        float embeddingWeight = in.readFloat();
        double temperature = in.readDouble();
        double floor = in.readDouble();
        int[] intents = new int[in.readInt()];
        for (int i = 0; i < intents.length; i++) {
            intents[i] = in.readInt();
        }
        NgramSpace space = NgramSpace.read(in);
        SoftmaxNet net = SoftmaxNet.read(in);
        float[] references = new float[in.readInt()];
        for (int i = 0; i < references.length; i++) {
            references[i] = in.readFloat();
        }
        Head head = new Head(language, modelId.isEmpty() ? null : modelId, space, net, intents, embeddingWeight, references,
                temperature);
        head.floor = floor;
        return head;
    }
}
