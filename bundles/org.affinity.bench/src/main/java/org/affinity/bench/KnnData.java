package org.affinity.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.affinity.vector.testkit.ExactSearch;
import org.affinity.vector.testkit.GoldenEmbeddings;
import org.affinity.vector.testkit.LowRankVectors;

/**
 * A data set of the KNN benchmark: unit vectors to index, each with an id and a label (where its
 * text comes from, or its cluster) to filter on, and held-out query vectors, each with the label a
 * filtered search of it accepts (never the query's own label, the harder case).
 */
record KnnData(String name, String model, List<String> ids, float[][] vectors, String[] labels, float[][] queries,
        String[] filterLabels) {

    int dimension() {
        return vectors[0].length;
    }

    /** The 751 golden MiniLM embeddings: every 5th is a query, the rest are indexed. */
    static KnnData golden() {
        List<VectorsFile.Row> rows = new ArrayList<>();
        for (GoldenEmbeddings.Text text : GoldenEmbeddings.load()) {
            rows.add(new VectorsFile.Row(Integer.toString(text.id()), text.source(), text.text(), text.embedding()));
        }
        return split("golden-751 (real, MiniLM)", GoldenEmbeddings.MODEL, rows, 5);
    }

    /** Clustered low-rank synthetic vectors: {@code count} indexed, {@code queries} more from the same model. */
    static KnnData lowRank(int count, int queries, int dimension) {
        LowRankVectors model = new LowRankVectors(dimension, 48, 200, 42);
        LowRankVectors.Sample indexed = model.sample(count, 1);
        LowRankVectors.Sample asked = model.sample(queries, 2);
        List<String> ids = new ArrayList<>(count);
        String[] labels = new String[count];
        for (int i = 0; i < count; i++) {
            ids.add("v" + i);
            labels[i] = "c" + indexed.clusters()[i] % 10;
        }
        String[] filterLabels = new String[queries];
        for (int q = 0; q < queries; q++) {
            filterLabels[q] = "c" + (asked.clusters()[q] + 1) % 10;
        }
        return new KnnData(String.format("low-rank-%dk (synthetic)", count / 1000), "low-rank-synthetic", ids,
                indexed.vectors(), labels, asked.vectors(), filterLabels);
    }

    /** A vectors file (see {@link VectorsFile}): about {@code queries} evenly spread rows are held out as queries. */
    static KnnData file(Path f32, int queries) throws IOException {
        List<VectorsFile.Row> rows = VectorsFile.read(f32);
        String name = f32.getFileName().toString().replaceFirst("\\.f32$", "");
        String model = name.startsWith("knn-vectors-") ? name.substring("knn-vectors-".length()) : name;
        return split(String.format("%s (%,d real texts)", model, rows.size()), model, rows,
                Math.max(2, rows.size() / Math.max(1, queries)));
    }

    /** Every {@code every}-th row becomes a query; the others are indexed. */
    private static KnnData split(String name, String model, List<VectorsFile.Row> rows, int every) {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<float[]> queries = new ArrayList<>();
        List<String> queryLabels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            VectorsFile.Row row = rows.get(i);
            float[] unit = ExactSearch.normalise(row.vector());
            if (i % every == every - 1) {
                queries.add(unit);
                queryLabels.add(row.source());
            } else {
                ids.add(row.id());
                vectors.add(unit);
                labels.add(row.source());
            }
        }
        List<String> distinct = new ArrayList<>(new TreeSet<>(labels));
        String[] filterLabels = new String[queries.size()];
        for (int q = 0; q < filterLabels.length; q++) {
            String label = distinct.get(q % distinct.size());
            filterLabels[q] = label.equals(queryLabels.get(q)) && distinct.size() > 1
                    ? distinct.get((q + 1) % distinct.size()) : label;
        }
        return new KnnData(name, model, ids, vectors.toArray(float[][]::new), labels.toArray(String[]::new),
                queries.toArray(float[][]::new), filterLabels);
    }
}
