package org.affinity.chat.intent.internal;

/**
 * How a head is built and trained: which features, how they are weighed, and the optimiser's
 * settings. {@link #SHIPPED} is what the service trains; the others are the candidates the chat bench
 * measures against it.
 *
 * @param embedding whether the sentence embedding is a feature
 * @param embeddingWeight scale of the (unit-length) embedding
 * @param ngrams which surface n-grams are features
 * @param wordWeight length of the words block of a text's n-gram vector
 * @param charWeight length of the character n-gram block
 * @param minCount n-grams seen in fewer training texts are left out
 * @param hidden units of a ReLU layer over the embedding (0: the embedding feeds the softmax directly)
 * @param epochs passes over the training examples (small sets get more, up to {@link NetTraining#MIN_STEPS} steps)
 * @param learningRate Adam's step size at the start (it falls linearly to a tenth)
 * @param decay weight decay per step, relative to the step size (decoupled, as AdamW)
 * @param batch examples per step
 * @param balance exponent of the class weights (n / (k x n_c))^balance: 0 leaves frequent intents
 *        their pull, 1 makes every intent count the same
 * @param seed for the shuffles and the initial weights: the same examples give the same model
 */
public record Recipe(String name, boolean embedding, float embeddingWeight, Ngrams ngrams, float wordWeight,
        float charWeight, int minCount, int hidden, int epochs, float learningRate, float decay, int batch,
        float balance, long seed) {

    /**
     * The embedding (weighed 3 against the n-gram blocks: it carries across writing styles, the
     * n-grams fit one style closely) and both n-gram blocks in one multinomial logistic regression,
     * every intent weighing the same however many examples it has.
     */
    public static final Recipe SHIPPED = new Recipe("embedding + word + char n-grams", true, 3f, Ngrams.DEFAULT, 1f,
            0.5f, 2, 0, 8, 0.01f, 1e-4f, 32, 1f, 42);

    /** The floor: the frozen sentence embedding and a linear softmax. */
    public static final Recipe EMBEDDING_ONLY = new Recipe("embedding + softmax", true, 1f, Ngrams.NONE, 0, 0, 1, 0, 30,
            0.01f, 1e-4f, 32, 1f, 42);

    /** Surface features alone (no embedding): TF-IDF logistic regression. */
    public static final Recipe NGRAMS_ONLY = new Recipe("word + char n-grams", false, 0, Ngrams.DEFAULT, 1f, 0.5f, 2, 0,
            8, 0.01f, 1e-4f, 32, 1f, 42);

    /** A hidden layer over the embedding, n-grams linear beside it ("wide and deep"). */
    public static final Recipe MLP = new Recipe("embedding MLP (256) + n-grams", true, 3f, Ngrams.DEFAULT, 1f, 0.5f, 2,
            256, 8, 0.005f, 1e-4f, 32, 1f, 42);

    public Recipe {
        if (!embedding && !ngrams.any()) {
            throw new IllegalArgumentException("a head needs the embedding or n-grams");
        }
        if (epochs < 1 || batch < 1 || learningRate <= 0 || hidden < 0 || minCount < 1) {
            throw new IllegalArgumentException("epochs, batch, min count >= 1, learning rate > 0, hidden >= 0: " + this);
        }
    }

    public Recipe named(String other) {
        return new Recipe(other, embedding, embeddingWeight, ngrams, wordWeight, charWeight, minCount, hidden, epochs,
                learningRate, decay, batch, balance, seed);
    }

    public Recipe withEpochs(int other) {
        return new Recipe(name, embedding, embeddingWeight, ngrams, wordWeight, charWeight, minCount, hidden, other,
                learningRate, decay, batch, balance, seed);
    }

    public Recipe withWeights(float embeddingOther, float wordOther, float charOther) {
        return new Recipe(name, embedding, embeddingOther, ngrams, wordOther, charOther, minCount, hidden, epochs,
                learningRate, decay, batch, balance, seed);
    }

    public Recipe withOptimiser(float learningRateOther, float decayOther, int batchOther) {
        return new Recipe(name, embedding, embeddingWeight, ngrams, wordWeight, charWeight, minCount, hidden, epochs,
                learningRateOther, decayOther, batchOther, balance, seed);
    }

    public Recipe withBalance(float other) {
        return new Recipe(name, embedding, embeddingWeight, ngrams, wordWeight, charWeight, minCount, hidden, epochs,
                learningRate, decay, batch, other, seed);
    }

    public Recipe withNgrams(Ngrams other, int minCountOther) {
        return new Recipe(name, embedding, embeddingWeight, other, wordWeight, charWeight, minCountOther, hidden, epochs,
                learningRate, decay, batch, balance, seed);
    }
}
