package org.affinity.vector.lucene.internal;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.util.Version;

/**
 * Whether Lucene computes vector similarities with the JDK's vector API (Panama SIMD) in this JVM,
 * and if not, why. Told by the public scorer Lucene hands its HNSW format: its scalar scorer means
 * the scalar provider is active (Lucene's provider class itself refuses callers outside Lucene).
 */
record Vectorization(boolean panama, String description) {

    static final String UPPER_FEATURE_PROPERTY = "org.apache.lucene.vectorization.upperJavaFeatureVersion";

    static Vectorization detect() {
        boolean panama = !(FlatVectorScorerUtil.getLucene99FlatVectorsScorer() instanceof DefaultFlatVectorScorer);
        String where = "Lucene " + Version.LATEST + " on Java " + Runtime.version();
        if (panama) {
            return new Vectorization(true, "Panama vectorization on: " + where + " uses the JDK vector API (SIMD)");
        }
        return new Vectorization(false, "Panama vectorization OFF: " + where + " runs scalar vector code, about 3x slower ("
                + reason(Runtime.version().feature()) + ")");
    }

    private static String reason(int feature) {
        if (feature < 20) {
            return "it needs Java 20 or newer";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "start the JVM with --add-modules=jdk.incubator.vector";
        }
        if (feature > 23 && upperFeature() < feature) {
            return "Lucene 9.12 turns it on up to Java 23 only; add -D" + UPPER_FEATURE_PROPERTY + "=" + feature;
        }
        return "Lucene's VectorizationProvider logged why";
    }

    private static int upperFeature() {
        try {
            return Integer.parseInt(System.getProperty(UPPER_FEATURE_PROPERTY, "23"));
        } catch (NumberFormatException e) {
            return 23;
        }
    }

    /** Off on a JDK that could have it on is worth an operator's attention; off on Java 17 is expected. */
    boolean worthAWarning() {
        return !panama && Runtime.version().feature() >= 20;
    }
}
