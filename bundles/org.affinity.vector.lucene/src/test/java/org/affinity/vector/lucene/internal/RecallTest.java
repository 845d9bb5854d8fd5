package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.affinity.vector.testkit.ExactSearch;
import org.affinity.vector.testkit.GoldenEmbeddings;
import org.affinity.vector.testkit.LowRankVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10 of the index with its default tuning against exact brute force: on the 751 real
 * sentence embeddings of the golden set and on clustered low-rank synthetic vectors, unfiltered and
 * filtered. The benchmark (./affinity bench knn) measures the same on larger sets.
 */
class RecallTest {

    static final int K = 10;

    @TempDir
    Path data;

    LuceneVectorIndex index;

    @BeforeEach
    void start() {
        index = new LuceneVectorIndex(data, Tuning.defaults());
    }

    @AfterEach
    void stop() {
        index.close();
    }

    @Test
    void realEmbeddingsLeaveOneOut() {
        List<GoldenEmbeddings.Text> texts = GoldenEmbeddings.load();
        assertEquals(751, texts.size());
        float[][] vectors = new float[texts.size()][];
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            GoldenEmbeddings.Text text = texts.get(i);
            vectors[i] = ExactSearch.normalise(text.embedding());
            entries.add(new VectorEntry(Integer.toString(i), text.embedding(), Map.of("source", text.source())));
        }
        VectorCollection golden = index.open("golden", GoldenEmbeddings.MODEL, GoldenEmbeddings.DIMENSION);
        golden.upsertAll(entries);

        double recall = 0;
        double filteredRecall = 0;
        for (int q = 0; q < texts.size(); q++) {
            int self = q;
            String source = texts.get(q).source().equals("retail") ? "support" : "retail";
            List<VectorHit> hits = golden.search(new VectorQuery(vectors[q], K, null, Set.of(Integer.toString(q))));
            recall += ExactSearch.recall(ids(hits), truth(vectors, vectors[q], i -> i != self));
            assertTrue(hits.get(0).score() <= 1 && hits.get(K - 1).score() >= -1);

            List<VectorHit> filtered = golden.search(new VectorQuery(vectors[q], K, Map.of("source", Set.of(source)), null));
            filteredRecall += ExactSearch.recall(ids(filtered), truth(vectors, vectors[q], i -> texts.get(i).source().equals(source)));
            filtered.forEach(hit -> assertEquals(source, hit.fields().get("source")));
        }
        recall /= texts.size();
        filteredRecall /= texts.size();
        System.out.printf("recall@10 on 751 real embeddings: %.4f, filtered by source: %.4f%n", recall, filteredRecall);
        assertTrue(recall >= 0.99, "recall@10 " + recall);
        assertTrue(filteredRecall >= 0.99, "filtered recall@10 " + filteredRecall);
    }

    @Test
    void clusteredLowRankVectors() {
        LowRankVectors model = new LowRankVectors(384, 48, 100, 42);
        LowRankVectors.Sample sample = model.sample(6_000, 1);
        LowRankVectors.Sample queries = model.sample(150, 2);
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < sample.vectors().length; i++) {
            entries.add(new VectorEntry(Integer.toString(i), sample.vectors()[i], Map.of("cluster", "c" + sample.clusters()[i] % 10)));
        }
        VectorCollection synthetic = index.open("synthetic", "low-rank", 384);
        for (int from = 0; from < entries.size(); from += 2_000) {
            synthetic.upsertAll(entries.subList(from, from + 2_000));
        }

        double recall = 0;
        double filteredRecall = 0;
        for (int q = 0; q < queries.vectors().length; q++) {
            float[] query = queries.vectors()[q];
            recall += ExactSearch.recall(ids(synthetic.search(VectorQuery.of(query, K))), truth(sample.vectors(), query, i -> true));
            String cluster = "c" + q % 10;
            List<VectorHit> filtered = synthetic.search(new VectorQuery(query, K, Map.of("cluster", Set.of(cluster)), null));
            filteredRecall += ExactSearch.recall(ids(filtered),
                    truth(sample.vectors(), query, i -> ("c" + sample.clusters()[i] % 10).equals(cluster)));
        }
        recall /= queries.vectors().length;
        filteredRecall /= queries.vectors().length;
        System.out.printf("recall@10 on 6k low-rank vectors: %.4f, filtered to a tenth: %.4f%n", recall, filteredRecall);
        assertTrue(recall >= 0.97, "recall@10 " + recall);
        assertTrue(filteredRecall >= 0.97, "filtered recall@10 " + filteredRecall);
    }

    static List<String> truth(float[][] vectors, float[] query, IntPredicate accept) {
        List<String> ids = new ArrayList<>();
        for (int i : ExactSearch.topK(vectors, query, K, accept)) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    static List<String> ids(List<VectorHit> hits) {
        return LuceneVectorIndexTest.ids(hits);
    }
}
