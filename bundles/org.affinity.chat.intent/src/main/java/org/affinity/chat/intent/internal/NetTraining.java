package org.affinity.chat.intent.internal;

import java.util.Arrays;
import java.util.Random;

/**
 * Fits a {@link SoftmaxNet} by minimising class-weighted cross-entropy with Adam on mini-batches.
 * Dense weights take a step every batch; an n-gram's row takes one only in batches whose texts have
 * it ("lazy" Adam: the work per batch follows the n-grams present, not the vocabulary). Weight decay
 * is decoupled from the gradient (AdamW) and, for n-gram rows, applied when they are updated.
 * Deterministic: the same data, recipe and seed give the same weights.
 */
final class NetTraining {

    /** Told after each epoch; throws to stop (a cancelled job). */
    interface Progress {
        void epoch(int done, int total);
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Recipe recipe;
    private final Examples data;
    private final SoftmaxNet net;
    private final float[] classWeight;

    private NetTraining(Recipe recipe, Examples data, int classes) {
        this.recipe = recipe;
        this.data = data;
        this.net = new SoftmaxNet(classes, data.dense(), data.sparse(), data.dense() > 0 ? recipe.hidden() : 0);
        this.classWeight = classWeights(data.labels(), classes, recipe.balance());
    }

    /**
     * The examples of a fit: x[i] the weighed embedding (null without one), f[i] the n-gram vector,
     * labels[i] the class.
     */
    record Examples(float[][] x, SparseVector[] f, int[] labels, int dense, int sparse) {

        int size() {
            return labels.length;
        }
    }

    /**
     * Fewest optimiser steps a fit takes: a small set (a few hundred examples, a language with few of
     * them) gets more epochs instead of stopping undertrained, unsure of everything.
     */
    static final int MIN_STEPS = 1_000;

    /** The epochs a fit of {@code examples} runs: the recipe's, or more to reach {@link #MIN_STEPS}. */
    static int epochs(Recipe recipe, int examples) {
        int batches = Math.max(1, (examples + recipe.batch() - 1) / recipe.batch());
        return Math.max(recipe.epochs(), (MIN_STEPS + batches - 1) / batches);
    }

    static SoftmaxNet fit(Recipe recipe, Examples data, int classes, Progress progress) {
        NetTraining training = new NetTraining(recipe, data, classes);
        training.run(progress);
        return training.net;
    }

    /** (n / (k x n_c))^balance per class; classes without examples weigh 0. */
    static float[] classWeights(int[] labels, int classes, float balance) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        float[] weights = new float[classes];
        for (int k = 0; k < classes; k++) {
            weights[k] = counts[k] == 0 ? 0 : (float) Math.pow((double) labels.length / (present * (double) counts[k]), balance);
        }
        return weights;
    }

    private void run(Progress progress) {
        int n = data.size();
        int classes = net.classes;
        int hidden = net.hidden;
        int dense = net.dense;
        net.initialise(recipe.seed());
        Random random = new Random(recipe.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Gradients and Adam moments, dense parameters.
        float[] gBias = new float[classes];
        float[] gOut = new float[net.out.length];
        float[] gIn = new float[net.in.length];
        float[] gInBias = new float[net.inBias.length];
        Moments mBias = new Moments(classes);
        Moments mOut = new Moments(net.out.length);
        Moments mIn = new Moments(net.in.length);
        Moments mInBias = new Moments(net.inBias.length);
        // n-gram rows: gradients of the rows a batch touches, moments of every row.
        Moments mNgrams = new Moments(net.ngrams.length);
        float[] gNgrams = new float[net.ngrams.length];
        int[] touched = new int[Math.max(16, net.sparse)];
        boolean[] isTouched = new boolean[net.sparse];

        float[] logits = new float[classes];
        float[] activations = new float[hidden];
        float[] delta = new float[classes];
        float[] hiddenDelta = new float[hidden];
        int steps = 0;
        int epochs = epochs(recipe, n);
        int totalSteps = epochs * ((n + recipe.batch() - 1) / recipe.batch());
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < n; start += recipe.batch()) {
                int end = Math.min(n, start + recipe.batch());
                Arrays.fill(gBias, 0);
                Arrays.fill(gOut, 0);
                if (hidden > 0) {
                    Arrays.fill(gIn, 0);
                    Arrays.fill(gInBias, 0);
                }
                int touchedCount = 0;
                float batchWeight = 0;
                for (int b = start; b < end; b++) {
                    int i = order[b];
                    float weight = classWeight[data.labels()[i]];
                    batchWeight += weight;
                    float[] x = data.x() == null ? null : data.x()[i];
                    SparseVector f = data.f()[i];
                    net.logits(x, f, activations, logits);
                    SoftmaxNet.softmax(logits, classes, 1);
                    for (int k = 0; k < classes; k++) {
                        delta[k] = weight * (logits[k] - (k == data.labels()[i] ? 1 : 0));
                        gBias[k] += delta[k];
                    }
                    if (x != null && dense > 0) {
                        if (hidden > 0) {
                            Arrays.fill(hiddenDelta, 0);
                            for (int k = 0; k < classes; k++) {
                                float d = delta[k];
                                int row = k * hidden;
                                for (int h = 0; h < hidden; h++) {
                                    gOut[row + h] += d * activations[h];
                                    hiddenDelta[h] += d * net.out[row + h];
                                }
                            }
                            for (int h = 0; h < hidden; h++) {
                                if (activations[h] <= 0) {
                                    continue;
                                }
                                float d = hiddenDelta[h];
                                gInBias[h] += d;
                                int row = h * dense;
                                for (int j = 0; j < dense; j++) {
                                    gIn[row + j] += d * x[j];
                                }
                            }
                        } else {
                            for (int k = 0; k < classes; k++) {
                                float d = delta[k];
                                int row = k * dense;
                                for (int j = 0; j < dense; j++) {
                                    gOut[row + j] += d * x[j];
                                }
                            }
                        }
                    }
                    int[] indices = f.indices();
                    float[] values = f.values();
                    for (int q = 0; q < indices.length; q++) {
                        int feature = indices[q];
                        if (!isTouched[feature]) {
                            isTouched[feature] = true;
                            touched[touchedCount++] = feature;
                        }
                        int row = feature * classes;
                        float value = values[q];
                        for (int k = 0; k < classes; k++) {
                            gNgrams[row + k] += delta[k] * value;
                        }
                    }
                }
                if (batchWeight <= 0) {
                    continue;
                }
                steps++;
                double rate = recipe.learningRate() * (1 - 0.9 * (steps - 1) / (double) Math.max(1, totalSteps - 1));
                float scale = 1 / batchWeight;
                double correction1 = 1 - Math.pow(BETA1, steps);
                double correction2 = 1 - Math.pow(BETA2, steps);
                double decay = recipe.decay();
                mBias.step(net.bias, gBias, 0, classes, scale, rate, 0, correction1, correction2);
                mOut.step(net.out, gOut, 0, gOut.length, scale, rate, decay, correction1, correction2);
                if (hidden > 0) {
                    mIn.step(net.in, gIn, 0, gIn.length, scale, rate, decay, correction1, correction2);
                    mInBias.step(net.inBias, gInBias, 0, gInBias.length, scale, rate, 0, correction1, correction2);
                }
                for (int t = 0; t < touchedCount; t++) {
                    int row = touched[t] * classes;
                    mNgrams.step(net.ngrams, gNgrams, row, classes, scale, rate, decay, correction1, correction2);
                    Arrays.fill(gNgrams, row, row + classes, 0);
                    isTouched[touched[t]] = false;
                }
            }
            progress.epoch(epoch + 1, epochs);
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Adam's first and second moments of a parameter array. */
    private static final class Moments {
        private final float[] first;
        private final float[] second;

        Moments(int size) {
            first = new float[size];
            second = new float[size];
        }

        /** One AdamW step on weights[from, from + length) with gradient gradients[...] x scale. */
        void step(float[] weights, float[] gradients, int from, int length, float scale, double rate, double decay,
                double correction1, double correction2) {
            for (int i = from; i < from + length; i++) {
                float g = gradients[i] * scale;
                first[i] = (float) (BETA1 * first[i] + (1 - BETA1) * g);
                second[i] = (float) (BETA2 * second[i] + (1 - BETA2) * g * g);
                double update = (first[i] / correction1) / (Math.sqrt(second[i] / correction2) + EPSILON);
                weights[i] -= (float) (rate * (update + decay * weights[i]));
            }
        }
    }
}
