package org.affinity.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene used directly, as its documentation shows: IndexWriter with the same HNSW parameters,
 * KnnFloatVectorField, IndexSearcher with KnnFloatVectorQuery, ids from stored fields. Also opens
 * our own collection's folder read-only with plain Lucene (ids from its doc values), which measures
 * our wrapper on the very same segments.
 */
final class RawLucene implements Closeable {

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final String labelField;
    private final boolean idsInDocValues;

    private RawLucene(Path folder, String labelField, boolean idsInDocValues) throws IOException {
        directory = FSDirectory.open(folder);
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        this.labelField = labelField;
        this.idsInDocValues = idsInDocValues;
    }

    /** Indexes the data set in {@code folder} (added in order, one commit) and opens it. */
    static RawLucene build(Path folder, KnnData data, int maxConnections, int beamWidth, int ramBufferMb) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(new Lucene912Codec() {
                    private final KnnVectorsFormat format = new Lucene99HnswVectorsFormat(maxConnections, beamWidth);

                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return format;
                    }
                })
                .setRAMBufferSizeMB(ramBufferMb)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (Directory directory = FSDirectory.open(folder); IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < data.vectors().length; i++) {
                Document document = new Document();
                document.add(new StringField("id", data.ids().get(i), Field.Store.YES));
                document.add(new StringField("label", data.labels()[i], Field.Store.NO));
                document.add(new KnnFloatVectorField("vector", data.vectors()[i], VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(document);
            }
            writer.commit();
        }
        return new RawLucene(folder, "label", false);
    }

    /** Our collection's folder (its last commit), read with plain Lucene. */
    static RawLucene ours(Path folder) throws IOException {
        return new RawLucene(folder, "f.label", true);
    }

    int segments() {
        return reader.leaves().size();
    }

    /** The ids of the best k of {@code candidates} approximate neighbours, optionally only those with {@code label}. */
    List<String> search(float[] query, int k, int candidates, String label) throws IOException {
        KnnFloatVectorQuery knn = new KnnFloatVectorQuery("vector", query, candidates,
                label == null ? null : new TermQuery(new Term(labelField, label)));
        ScoreDoc[] hits = searcher.search(knn, k).scoreDocs;
        List<String> ids = new ArrayList<>(hits.length);
        if (idsInDocValues) {
            for (ScoreDoc hit : hits) {
                LeafReaderContext leaf = reader.leaves().get(org.apache.lucene.index.ReaderUtil.subIndex(hit.doc, reader.leaves()));
                BinaryDocValues values = leaf.reader().getBinaryDocValues("id");
                values.advanceExact(hit.doc - leaf.docBase);
                ids.add(values.binaryValue().utf8ToString());
            }
        } else {
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : hits) {
                ids.add(stored.document(hit.doc).get("id"));
            }
        }
        return ids;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
