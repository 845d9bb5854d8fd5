package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A lookalike segment: the {@code size} members nearest to the centre of a seed set in the
 * member-vector space (seeds excluded). The nearest are found by an exact scan when the segment is
 * defined and whenever the population refreshes; in between, a member whose vector changes joins
 * or leaves by comparing its similarity with that of the last member kept (the threshold).
 * Definition: seed member ids separated by commas or spaces, then optionally {@code size=N}
 * (default 100), e.g. {@code 12347, 12348 size=200}.
 */
final class Lookalike {

    static final int DEFAULT_SIZE = 100;

    final Set<String> seeds;
    final int size;
    private volatile float[] centre;
    private volatile double threshold = Double.POSITIVE_INFINITY;

    private Lookalike(Set<String> seeds, int size) {
        this.seeds = seeds;
        this.size = size;
    }

    /** @throws IllegalArgumentException naming the problem */
    static Lookalike parse(String definition) {
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("a lookalike segment needs seed member ids, e.g. '12347, 12348 size=200'");
        }
        Set<String> seeds = new LinkedHashSet<>();
        int size = DEFAULT_SIZE;
        for (String part : definition.trim().split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.toLowerCase().startsWith("size=")) {
                try {
                    size = Integer.parseInt(part.substring(5));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("size must be a whole number, was '" + part.substring(5) + "'");
                }
                if (size < 1 || size > 1_000_000) {
                    throw new IllegalArgumentException("size must be between 1 and 1,000,000, was " + size);
                }
            } else {
                seeds.add(part);
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a lookalike segment needs at least one seed member id");
        }
        return new Lookalike(seeds, size);
    }

    /**
     * Finds the centre of the seeds and the members nearest to it. Returns them (ids).
     *
     * @throws IllegalArgumentException when no seed has a vector
     */
    List<String> recompute(ProfileBook book, double ownWordsShare) {
        float[] sum = null;
        List<String> missing = new ArrayList<>();
        for (String seed : seeds) {
            MemberState state = book.state(seed);
            float[] vector = null;
            if (state != null) {
                synchronized (state) {
                    vector = state.vector(ownWordsShare);
                }
            }
            if (vector == null) {
                missing.add(seed);
                continue;
            }
            if (sum == null) {
                sum = new float[vector.length];
            }
            for (int i = 0; i < vector.length; i++) {
                sum[i] += vector[i];
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no seed member has a profile vector yet: " + missing);
        }
        float[] unit = unit(sum);
        PriorityQueue<Object[]> best = new PriorityQueue<>((a, b) -> Double.compare((double) a[1], (double) b[1]));
        for (MemberState state : book.states()) {
            if (seeds.contains(state.id)) {
                continue;
            }
            float[] vector;
            synchronized (state) {
                vector = state.vector(ownWordsShare);
            }
            if (vector == null || vector.length != unit.length) {
                continue;
            }
            double similarity = dot(unit, vector);
            if (best.size() < size) {
                best.add(new Object[] {state.id, similarity});
            } else if (similarity > (double) best.peek()[1]) {
                best.poll();
                best.add(new Object[] {state.id, similarity});
            }
        }
        centre = unit;
        threshold = best.size() < size ? Double.NEGATIVE_INFINITY : (double) best.peek()[1];
        List<String> members = new ArrayList<>();
        best.forEach(entry -> members.add((String) entry[0]));
        return members;
    }

    /** Whether a member with this vector belongs, judged against the last recompute. */
    boolean accepts(String memberId, float[] vector) {
        float[] c = centre;
        return c != null && vector != null && vector.length == c.length && !seeds.contains(memberId)
                && dot(c, vector) >= threshold;
    }

    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
