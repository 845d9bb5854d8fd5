package org.affinity.vector.lucene.internal;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.UnicodeUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection: a Lucene index in its own folder. Writes go straight to the IndexWriter; a search
 * reopens the near-real-time reader only when something was written since the last reopen, so a
 * search sees every write that returned before it, and a bulk load is not slowed by reopens.
 * Durability comes from Lucene's atomic commits: after a crash the folder opens at the last commit.
 */
final class LuceneCollection implements VectorCollection {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneCollection.class);

    static final String ID = "id";
    static final String VECTOR = "vector";
    static final String FIELDS = "fields";
    /** User fields are indexed under a prefix, so no field name can clash with ours. */
    static final String TERM_PREFIX = "f.";
    static final String MODEL_KEY = "affinity.model";
    static final String DIMENSION_KEY = "affinity.dimension";
    /** What Lucene 9.12's HNSW format accepts. */
    static final int MAX_DIMENSION = 1024;

    private final String name;
    private final String modelId;
    private final int dimension;
    private final Path path;
    private final Supplier<Tuning> tuning;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Writes that have returned; a search reopens the reader when it has seen fewer. */
    private final AtomicLong writes = new AtomicLong();
    private volatile long visible;
    private final Object reopening = new Object();
    /** Bulk loads running: they commit when done; a periodic commit in between would only cut their segment. */
    private final AtomicInteger bulkLoads = new AtomicInteger();
    private volatile boolean closed;

    /** The model and dimension a collection's last commit records. */
    record Recorded(String modelId, int dimension) {

        boolean matches(String otherModel, int otherDimension) {
            return modelId.equals(otherModel) && dimension == otherDimension;
        }

        @Override
        public String toString() {
            return modelId + " (" + dimension + "-d)";
        }
    }

    /**
     * Opens (or creates) the collection stored at {@code path} for vectors of {@code modelId}. When
     * the folder holds vectors of another model or dimension, or an index that cannot be read, the
     * collection starts empty: vectors of two models are never searched together, and the owner of
     * the vectors can always rebuild them from its store.
     */
    LuceneCollection(Path path, String name, String modelId, int dimension, HnswCodec codec, Supplier<Tuning> tuning)
            throws IOException {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [1, " + MAX_DIMENSION + "], was " + dimension);
        }
        this.name = name;
        this.modelId = modelId;
        this.dimension = dimension;
        this.path = path;
        this.tuning = tuning;
        Files.createDirectories(path);
        Optional<Recorded> before;
        try {
            before = recorded(path);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException | EOFException
                | NoSuchFileException | FileNotFoundException e) {
            LOG.error("vector collection '{}' at {} cannot be read ({}); starting it empty, its owner must rebuild it",
                    name, path, e.toString());
            IOUtils.rm(path);
            Files.createDirectories(path);
            before = Optional.empty();
        }
        boolean fresh = before.map(recorded -> !recorded.matches(modelId, dimension)).orElse(true);
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(codec)
                .setOpenMode(fresh ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND)
                .setRAMBufferSizeMB(tuning.get().ramBufferMb())
                .setCommitOnClose(false);
        Directory opened = FSDirectory.open(path);
        IndexWriter created = null;
        try {
            created = new IndexWriter(opened, config);
            if (fresh) {
                created.setLiveCommitData(Map.of(MODEL_KEY, modelId, DIMENSION_KEY, Integer.toString(dimension)).entrySet());
                created.commit();
                if (before.isPresent()) {
                    LOG.warn("vector collection '{}' held vectors of {}; emptied it for {} ({}-d)", name, before.get(),
                            modelId, dimension);
                }
            }
            this.searchers = new SearcherManager(created, true, false, null);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(created, opened);
            throw e;
        }
        this.directory = opened;
        this.writer = created;
    }

    /** The model and dimension recorded by the last commit in {@code path}, if it holds one of our indexes. */
    static Optional<Recorded> recorded(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Optional.empty();
        }
        try (Directory directory = FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(directory)) {
                return Optional.empty();
            }
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            String model = data.get(MODEL_KEY);
            String dimension = data.get(DIMENSION_KEY);
            if (model == null || dimension == null) {
                return Optional.empty();
            }
            return Optional.of(new Recorded(model, Integer.parseInt(dimension)));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    Path path() {
        return path;
    }

    @Override
    public long size() {
        return read(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    /** Segments of the current reader (diagnostics and benchmarks). */
    int segments() {
        return read(searcher -> searcher.getIndexReader().leaves().size());
    }

    @Override
    public void upsert(VectorEntry entry) {
        Document document = document(entry);
        write(() -> writer.updateDocument(idTerm(entry.id()), document));
    }

    @Override
    public void upsertAll(List<VectorEntry> entries) {
        List<Document> documents = new ArrayList<>(entries.size());
        for (VectorEntry entry : entries) {
            documents.add(document(entry));
        }
        bulkLoads.incrementAndGet();
        try {
            write(() -> {
                for (int i = 0; i < documents.size(); i++) {
                    writer.updateDocument(idTerm(entries.get(i).id()), documents.get(i));
                }
            });
            commit();
        } finally {
            bulkLoads.decrementAndGet();
        }
    }

    @Override
    public boolean delete(String id) {
        if (read(searcher -> locate(searcher, id)) == null) {
            return false;
        }
        write(() -> writer.deleteDocuments(idTerm(id)));
        return true;
    }

    @Override
    public Optional<VectorEntry> get(String id) {
        return Optional.ofNullable(read(searcher -> {
            Located found = locate(searcher, id);
            if (found == null) {
                return null;
            }
            FloatVectorValues vectors = found.leaf.reader().getFloatVectorValues(VECTOR);
            if (vectors == null || vectors.advance(found.doc) != found.doc) {
                throw new IllegalStateException("vector collection '" + name + "': entry '" + id + "' has no vector");
            }
            float[] vector = vectors.vectorValue().clone();
            BinaryDocValues fields = DocValues.getBinary(found.leaf.reader(), FIELDS);
            return new VectorEntry(id, vector, fields.advanceExact(found.doc) ? FieldValues.decode(fields.binaryValue()) : Map.of());
        }));
    }

    @Override
    public List<VectorHit> search(VectorQuery query) {
        float[] target = unit(query.vector(), "query vector");
        Query filter = filter(query);
        if (filter == null) {
            return List.of();
        }
        KnnFloatVectorQuery knn = new KnnFloatVectorQuery(VECTOR, target, tuning.get().candidates(query.k()),
                filter instanceof MatchAllDocsQuery ? null : filter);
        return read(searcher -> hits(searcher, searcher.search(knn, query.k()).scoreDocs));
    }

    @Override
    public void commit() {
        ensureOpen();
        try {
            writer.commit();
        } catch (AlreadyClosedException e) {
            throw closed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("vector collection '" + name + "': commit failed", e);
        }
    }

    /**
     * The periodic commit: commits when something was written since the last commit, unless a bulk
     * load is running (it commits at its end; committing in between would split it into segments,
     * and every segment costs a graph search).
     */
    void commitIfChanged() throws IOException {
        if (!closed && bulkLoads.get() == 0 && writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    void ramBufferMb(int megabytes) {
        writer.getConfig().setRAMBufferSizeMB(megabytes);
    }

    boolean matches(String otherModel, int otherDimension) {
        return modelId.equals(otherModel) && dimension == otherDimension;
    }

    /** Closed by us, or by Lucene after a failure it cannot recover from (then opening it again helps). */
    boolean isClosed() {
        return closed || !writer.isOpen();
    }

    /** Closes the collection, committing first or dropping what was not committed yet. */
    void close(boolean commit) throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            searchers.close();
            if (commit) {
                writer.commit();
                writer.close();
            } else {
                writer.rollback();
            }
        } finally {
            IOUtils.closeWhileHandlingException(writer, directory);
        }
    }

    @Override
    public String toString() {
        return "vector collection '" + name + "' of " + modelId + " (" + dimension + "-d) at " + path;
    }

    // --- documents -------------------------------------------------------------------------------

    private Document document(VectorEntry entry) {
        Document document = new Document();
        document.add(new StringField(ID, entry.id(), Field.Store.NO));
        document.add(new BinaryDocValuesField(ID, new BytesRef(entry.id())));
        document.add(new KnnFloatVectorField(VECTOR, unit(entry.vector(), "vector of '" + entry.id() + "'"),
                VectorSimilarityFunction.DOT_PRODUCT));
        for (Map.Entry<String, Object> field : entry.fields().entrySet()) {
            for (String value : FieldValues.values(field.getKey(), field.getValue())) {
                // Longer values are kept but cannot be filtered on: Lucene's terms end at 32766 bytes.
                if (UnicodeUtil.calcUTF16toUTF8Length(value, 0, value.length()) <= IndexWriter.MAX_TERM_LENGTH) {
                    document.add(new StringField(TERM_PREFIX + field.getKey(), value, Field.Store.NO));
                }
            }
        }
        document.add(new BinaryDocValuesField(FIELDS, FieldValues.encode(entry.fields())));
        return document;
    }

    /** The vector scaled to length 1, so a dot product is the cosine; rejects wrong sizes, zeros, NaN. */
    private float[] unit(float[] vector, String what) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions; collection '" + name
                    + "' holds " + dimension + "-d vectors of " + modelId);
        }
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException(what + " cannot be normalised (zero, NaN or infinite values)");
        }
        float scale = (float) (1 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    private static Term idTerm(String id) {
        return new Term(ID, id);
    }

    // --- searching -------------------------------------------------------------------------------

    /**
     * The pre-filter the graph search honours: every filtered field must hold one of its listed
     * values, and excluded ids never match. Null when nothing can match (a field with no accepted
     * value); a MatchAllDocsQuery when nothing is filtered.
     */
    private static Query filter(VectorQuery query) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        boolean restricted = false;
        for (Map.Entry<String, Set<String>> field : query.filter().entrySet()) {
            if (field.getValue().isEmpty()) {
                return null;
            }
            filter.add(terms(TERM_PREFIX + field.getKey(), field.getValue()), Occur.FILTER);
            restricted = true;
        }
        if (query.exclude().isEmpty()) {
            return restricted ? filter.build() : new MatchAllDocsQuery();
        }
        if (!restricted) {
            filter.add(new MatchAllDocsQuery(), Occur.FILTER);
        }
        filter.add(terms(ID, query.exclude()), Occur.MUST_NOT);
        return filter.build();
    }

    private static Query terms(String field, Collection<String> values) {
        if (values.size() == 1) {
            return new TermQuery(new Term(field, values.iterator().next()));
        }
        List<BytesRef> terms = new ArrayList<>(values.size());
        for (String value : values) {
            terms.add(new BytesRef(value));
        }
        return new TermInSetQuery(field, terms);
    }

    /** Reads ids and fields of the hits in index order (doc values read forward), keeps the score order. */
    private static List<VectorHit> hits(IndexSearcher searcher, ScoreDoc[] scoreDocs) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Integer[] byDoc = new Integer[scoreDocs.length];
        for (int i = 0; i < byDoc.length; i++) {
            byDoc[i] = i;
        }
        Arrays.sort(byDoc, (a, b) -> Integer.compare(scoreDocs[a].doc, scoreDocs[b].doc));
        VectorHit[] hits = new VectorHit[scoreDocs.length];
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        BinaryDocValues ids = null;
        BinaryDocValues fields = null;
        for (int i : byDoc) {
            ScoreDoc scoreDoc = scoreDocs[i];
            int index = ReaderUtil.subIndex(scoreDoc.doc, leaves);
            if (index != leafIndex) {
                leafIndex = index;
                leaf = leaves.get(index);
                ids = DocValues.getBinary(leaf.reader(), ID);
                fields = DocValues.getBinary(leaf.reader(), FIELDS);
            }
            int doc = scoreDoc.doc - leaf.docBase;
            if (!ids.advanceExact(doc)) {
                throw new IllegalStateException("a hit without an id: document " + scoreDoc.doc);
            }
            String id = ids.binaryValue().utf8ToString();
            Map<String, Object> values = fields.advanceExact(doc) ? FieldValues.decode(fields.binaryValue()) : Map.of();
            hits[i] = new VectorHit(id, cosine(scoreDoc.score), values);
        }
        return Arrays.asList(hits);
    }

    /** Lucene scores a dot product d of unit vectors as (1 + d) / 2; hits report d, the cosine. */
    static float cosine(float luceneScore) {
        return Math.max(-1f, Math.min(1f, 2 * luceneScore - 1));
    }

    private record Located(LeafReaderContext leaf, int doc) {
    }

    /** The live document holding {@code id}, or null. */
    private static Located locate(IndexSearcher searcher, String id) throws IOException {
        BytesRef term = new BytesRef(id);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(ID);
            if (terms == null) {
                continue;
            }
            TermsEnum iterator = terms.iterator();
            if (!iterator.seekExact(term)) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            PostingsEnum postings = iterator.postings(null, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (live == null || live.get(doc)) {
                    return new Located(leaf, doc);
                }
            }
        }
        return null;
    }

    // --- reading and writing ---------------------------------------------------------------------

    @FunctionalInterface
    private interface Reading<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    @FunctionalInterface
    private interface Writing {
        void run() throws IOException;
    }

    /** Runs a read on a searcher that sees every write that returned before this call. */
    private <T> T read(Reading<T> reading) {
        ensureOpen();
        try {
            long written = writes.get();
            if (visible < written) {
                synchronized (reopening) {
                    if (visible < written) {
                        long upTo = writes.get();
                        searchers.maybeRefreshBlocking();
                        visible = upTo;
                    }
                }
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return reading.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (AlreadyClosedException e) {
            throw closed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("vector collection '" + name + "': read failed", e);
        }
    }

    private void write(Writing writing) {
        ensureOpen();
        try {
            writing.run();
            writes.incrementAndGet();
        } catch (AlreadyClosedException e) {
            throw closed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("vector collection '" + name + "': write failed", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw closed(null);
        }
    }

    private IllegalStateException closed(Throwable cause) {
        return new IllegalStateException("vector collection '" + name + "' (" + modelId
                + ") is closed: it was dropped, reopened for another model, or the vector index stopped; open it again",
                cause);
    }
}
