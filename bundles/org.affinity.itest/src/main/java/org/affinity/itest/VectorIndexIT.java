package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorIndex;
import org.affinity.api.vector.VectorQuery;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.store.MMapDirectory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The vector index inside Felix: Lucene as a bundle (SPI codecs, Panama code), the service end to end. */
class VectorIndexIT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void luceneRunsAsAWrappedBundleAndItsSpiLoads() {
        Bundle lucene = FrameworkUtil.getBundle(Codec.class);
        assertEquals("org.affinity.lib.lucene", lucene.getSymbolicName(), "Lucene comes from the wrapper bundle");
        assertEquals(Version.parseVersion("9.12.3"), lucene.getVersion());
        assertEquals(Bundle.ACTIVE, lucene.getState());
        assertTrue(Codec.availableCodecs().contains("Lucene912"), Codec.availableCodecs().toString());
        assertEquals("Lucene912", Codec.getDefault().getName());
        assertTrue(KnnVectorsFormat.availableKnnVectorsFormats().contains("Lucene99HnswVectorsFormat"),
                KnnVectorsFormat.availableKnnVectorsFormats().toString());
        // Java 21+: memory segments; Java 17: sun.misc.Unsafe, which the bundle must be able to see.
        assertTrue(MMapDirectory.UNMAP_SUPPORTED, "closed index files are unmapped: " + MMapDirectory.UNMAP_NOT_SUPPORTED_REASON);
    }

    @Test
    void panamaVectorizationIsOnWheneverTheJvmAllowsIt() {
        int feature = Runtime.version().feature();
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        int upper = Integer.getInteger("org.apache.lucene.vectorization.upperJavaFeatureVersion", 23);
        boolean allowed = feature >= 20 && module && feature <= Math.max(23, upper);
        boolean panama = !(FlatVectorScorerUtil.getLucene99FlatVectorsScorer() instanceof DefaultFlatVectorScorer);
        System.out.printf("Lucene vectorization inside Felix on Java %s: %s (vector module %s)%n", Runtime.version(),
                panama ? "Panama SIMD on" : "scalar", module ? "present" : "absent");
        assertEquals(allowed, panama, "Panama vectorization follows the JVM: Java " + feature + ", module " + module);
    }

    @Test
    void upsertSearchFilterAndDeleteThroughTheService(@InjectService(timeout = 10000) VectorIndex index) {
        VectorCollection items = index.open("itest-items", "itest-model", 16);
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new VectorEntry("item-" + i, vector(i),
                    Map.of("categories", List.of("c" + i % 3, i % 2 == 0 ? "even" : "odd"), "available", i % 5 == 0 ? "no" : "yes")));
        }
        items.upsertAll(entries);
        assertEquals(300, items.size());

        List<VectorHit> hits = items.search(VectorQuery.of(vector(42), 5));
        assertEquals("item-42", hits.get(0).id());
        assertEquals(1f, hits.get(0).score(), 1e-5);

        hits = items.search(new VectorQuery(vector(42), 10, Map.of("categories", Set.of("c1"), "available", Set.of("yes")),
                Set.of("item-43")));
        assertEquals(10, hits.size());
        for (VectorHit hit : hits) {
            int i = Integer.parseInt(hit.id().substring(5));
            assertTrue(i % 3 == 1 && i % 5 != 0 && i != 43, hit.id());
            assertTrue(((List<?>) hit.fields().get("categories")).contains("c1"));
        }

        items.upsert(new VectorEntry("new", vector(1000), Map.of("categories", "c9")));
        assertEquals("new", items.search(VectorQuery.of(vector(1000), 1)).get(0).id(), "visible right after the upsert");
        assertTrue(items.delete("new"));
        assertTrue(items.get("new").isEmpty());
        assertTrue(index.names().contains("itest-items"));
        assertTrue(index.drop("itest-items"));
        assertFalse(index.names().contains("itest-items"));
    }

    @Test
    void itsConfigurationIsDescribedForConsoles(@InjectService(timeout = 10000) MetaTypeService metatype) {
        Bundle vectors = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.affinity.vector.lucene")).findFirst().orElseThrow();
        ObjectClassDefinition definition = metatype.getMetaTypeInformation(vectors)
                .getObjectClassDefinition("org.affinity.vector", null);
        List<String> attributes = new ArrayList<>();
        Arrays.stream(definition.getAttributeDefinitions(ObjectClassDefinition.ALL)).forEach(a -> attributes.add(a.getID()));
        assertTrue(attributes.containsAll(List.of("fanOut", "minCandidates", "commitIntervalSeconds", "hnswM", "hnswBeamWidth")),
                attributes.toString());
    }

    /** A deterministic 16-d vector per seed. */
    static float[] vector(int seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] vector = new float[16];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
