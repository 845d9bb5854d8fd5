package org.affinity.vector.lucene.internal;

/**
 * The configuration ({@link VectorConfig}) as values, checked once. Public for benchmarks, which run
 * the index outside OSGi. HNSW is approximate: a search asks the graph for more candidates than the
 * hits it returns, which is what keeps recall high.
 */
public record Tuning(int fanOut, int minCandidates, int maxCandidates, int commitIntervalSeconds, int hnswM,
        int hnswBeamWidth, int ramBufferMb) {

    /** Lucene's own ceilings for the graph parameters. */
    static final int MAX_HNSW_M = 512;
    static final int MAX_BEAM_WIDTH = 3200;

    public Tuning {
        require(fanOut >= 1, "fanOut must be at least 1, was " + fanOut);
        require(minCandidates >= 1, "minCandidates must be at least 1, was " + minCandidates);
        require(maxCandidates >= 1, "maxCandidates must be at least 1, was " + maxCandidates);
        require(commitIntervalSeconds >= 1, "commitIntervalSeconds must be at least 1, was " + commitIntervalSeconds);
        require(hnswM >= 2 && hnswM <= MAX_HNSW_M, "hnswM must be in [2, " + MAX_HNSW_M + "], was " + hnswM);
        require(hnswBeamWidth >= 1 && hnswBeamWidth <= MAX_BEAM_WIDTH,
                "hnswBeamWidth must be in [1, " + MAX_BEAM_WIDTH + "], was " + hnswBeamWidth);
        require(ramBufferMb >= 1 && ramBufferMb <= 2048, "ramBufferMb must be in [1, 2048], was " + ramBufferMb);
    }

    /** The defaults of the configuration PID org.affinity.vector. */
    public static Tuning defaults() {
        try {
            int[] values = new int[Tuning.class.getRecordComponents().length];
            for (int i = 0; i < values.length; i++) {
                String attribute = Tuning.class.getRecordComponents()[i].getName();
                values[i] = (Integer) VectorConfig.class.getDeclaredMethod(attribute).getDefaultValue();
            }
            return new Tuning(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Tuning and VectorConfig disagree", e);
        }
    }

    static Tuning of(VectorConfig config) {
        return new Tuning(config.fanOut(), config.minCandidates(), config.maxCandidates(),
                config.commitIntervalSeconds(), config.hnswM(), config.hnswBeamWidth(), config.ramBufferMb());
    }

    /** How many candidates the graph search keeps for a request of k hits: k x fan-out, within the bounds. */
    public int candidates(int k) {
        long wanted = Math.max((long) k * fanOut, minCandidates);
        return (int) Math.max(k, Math.min(wanted, maxCandidates));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("org.affinity.vector: " + message);
        }
    }
}
