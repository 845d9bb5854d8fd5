package org.affinity.chat.intent.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The n-gram vocabulary of a head, learnt from its training texts, and the sparse TF-IDF vector of
 * a text over it: sublinear term frequency (1 + ln tf) times smoothed IDF, words and character
 * n-grams each normalised to unit length and then weighed, so the two blocks count as set whatever
 * the text's length. N-grams seen in fewer than {@code minCount} training texts are left out
 * (one-off typos would only add weights that never generalise).
 */
final class NgramSpace {

    private final Ngrams ngrams;
    private final Map<String, Integer> index;
    private final String[] features;
    private final float[] idf;
    private final float wordWeight;
    private final float charWeight;

    private NgramSpace(Ngrams ngrams, String[] features, float[] idf, float wordWeight, float charWeight) {
        this.ngrams = ngrams;
        this.features = features;
        this.idf = idf;
        this.wordWeight = wordWeight;
        this.charWeight = charWeight;
        this.index = new HashMap<>(features.length * 2);
        for (int i = 0; i < features.length; i++) {
            index.put(features[i], i);
        }
    }

    static NgramSpace fit(List<String> texts, Ngrams ngrams, int minCount, float wordWeight, float charWeight) {
        Map<String, int[]> documents = new HashMap<>();
        for (String text : texts) {
            for (String feature : new java.util.HashSet<>(ngrams.all(text))) {
                documents.computeIfAbsent(feature, f -> new int[1])[0]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        documents.entrySet().stream().filter(e -> e.getValue()[0] >= minCount).forEach(kept::add);
        // Most frequent first, then by text: the same texts give the same space, run after run.
        kept.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        String[] features = new String[kept.size()];
        float[] idf = new float[kept.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = kept.get(i).getKey();
            idf[i] = (float) (Math.log((1.0 + texts.size()) / (1.0 + kept.get(i).getValue()[0])) + 1);
        }
        return new NgramSpace(ngrams, features, idf, wordWeight, charWeight);
    }

    int size() {
        return features.length;
    }

    /** The text's sparse vector: feature indices ascending, and their values. */
    SparseVector vector(String text) {
        Map<Integer, int[]> counts = new HashMap<>();
        ngrams.each(text, feature -> {
            Integer at = index.get(feature);
            if (at != null) {
                counts.computeIfAbsent(at, i -> new int[1])[0]++;
            }
        });
        int[] indices = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] values = new float[indices.length];
        double wordNorm = 0;
        double charNorm = 0;
        for (int k = 0; k < indices.length; k++) {
            float value = (float) ((1 + Math.log(counts.get(indices[k])[0])) * idf[indices[k]]);
            values[k] = value;
            if (isWord(indices[k])) {
                wordNorm += value * value;
            } else {
                charNorm += value * value;
            }
        }
        float wordScale = wordNorm > 0 ? (float) (wordWeight / Math.sqrt(wordNorm)) : 0;
        float charScale = charNorm > 0 ? (float) (charWeight / Math.sqrt(charNorm)) : 0;
        for (int k = 0; k < indices.length; k++) {
            values[k] *= isWord(indices[k]) ? wordScale : charScale;
        }
        return new SparseVector(indices, values);
    }

    /**
     * Share of the text's n-gram occurrences the vocabulary knows: near 1 for a text written like the
     * training examples, low for keyboard mash and words never seen.
     */
    double coverage(String text) {
        int[] seen = new int[2];
        ngrams.each(text, feature -> {
            seen[0]++;
            if (index.containsKey(feature)) {
                seen[1]++;
            }
        });
        return seen[0] == 0 ? 0 : (double) seen[1] / seen[0];
    }

    private boolean isWord(int feature) {
        return features[feature].charAt(0) == Ngrams.WORD;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeBoolean(ngrams.words());
        out.writeInt(ngrams.charMin());
        out.writeInt(ngrams.charMax());
        out.writeInt(ngrams.hanMax());
        out.writeFloat(wordWeight);
        out.writeFloat(charWeight);
        out.writeInt(features.length);
        for (int i = 0; i < features.length; i++) {
            out.writeUTF(features[i]);
            out.writeFloat(idf[i]);
        }
    }

    static NgramSpace read(DataInputStream in) throws IOException {
        Ngrams ngrams = new Ngrams(in.readBoolean(), in.readInt(), in.readInt(), in.readInt());
        float wordWeight = in.readFloat();
        float charWeight = in.readFloat();
        int size = in.readInt();
        String[] features = new String[size];
        float[] idf = new float[size];
        for (int i = 0; i < size; i++) {
            features[i] = in.readUTF();
            idf[i] = in.readFloat();
        }
        return new NgramSpace(ngrams, features, idf, wordWeight, charWeight);
    }

    @Override
    public String toString() {
        return ngrams + " over " + features.length + " features" + (features.length > 0 ? ", e.g. " + Arrays.asList(features)
                .subList(0, Math.min(5, features.length)) : "");
    }
}
