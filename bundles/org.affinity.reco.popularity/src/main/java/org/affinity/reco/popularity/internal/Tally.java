package org.affinity.reco.popularity.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of items in one population (the whole shop or one country): an all-time sum and a
 * time-decayed sum. Writers are the store's listener thread and a rebuild; readers take a sorted
 * {@link Ranking} snapshot that is recomputed only after changes.
 */
final class Tally {

    /** Per item: all-time score, decayed score as of {@code last}, last (epoch seconds). */
    private final Map<String, double[]> scores = new HashMap<>();
    private final double decayPerSecond;
    private volatile Ranking allTime;
    private volatile Ranking trending;

    Tally(double halfLifeDays) {
        this.decayPerSecond = Math.log(2) / (halfLifeDays * 86_400);
    }

    synchronized void add(String itemId, double weight, long epochSecond) {
        double[] score = scores.computeIfAbsent(itemId, id -> new double[] {0, 0, epochSecond});
        score[0] += weight;
        if (epochSecond >= score[2]) {
            score[1] = score[1] * Math.exp(-decayPerSecond * (epochSecond - score[2])) + weight;
            score[2] = epochSecond;
        } else {
            score[1] += weight * Math.exp(-decayPerSecond * (score[2] - epochSecond));
        }
        allTime = null;
        trending = null;
    }

    /** Items with a positive score, best first; trending scores are decayed to {@code now}. */
    Ranking ranking(boolean trend, long now) {
        Ranking cached = trend ? trending : allTime;
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.size());
            for (Map.Entry<String, double[]> entry : scores.entrySet()) {
                double[] score = entry.getValue();
                double value = trend ? score[1] * Math.exp(-decayPerSecond * Math.max(0, now - score[2])) : score[0];
                if (value > 1e-9) {
                    entries.add(Map.entry(entry.getKey(), value));
                }
            }
            Ranking ranking = Ranking.of(entries);
            if (trend) {
                trending = ranking;
            } else {
                allTime = ranking;
            }
            return ranking;
        }
    }

    synchronized int size() {
        return scores.size();
    }

    /** Writes the scores (for the next start of the strategy, see {@link PopularityModel#save}). */
    synchronized void write(DataOutput out) throws IOException {
        out.writeInt(scores.size());
        for (Map.Entry<String, double[]> entry : scores.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeDouble(entry.getValue()[0]);
            out.writeDouble(entry.getValue()[1]);
            out.writeDouble(entry.getValue()[2]);
        }
    }

    /** Reads what {@link #write} wrote into this (empty) tally. */
    synchronized void read(DataInput in) throws IOException {
        int items = in.readInt();
        for (int i = 0; i < items; i++) {
            scores.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble(), in.readDouble()});
        }
        allTime = null;
        trending = null;
    }
}
