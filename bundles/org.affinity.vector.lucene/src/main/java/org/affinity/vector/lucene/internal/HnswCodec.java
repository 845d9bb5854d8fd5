package org.affinity.vector.lucene.internal;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * Lucene's default codec with our HNSW graph parameters. Segments it writes name the standard codec
 * and vector format, so any Lucene 9.12 reads them back through its SPI without this class; the
 * parameters only matter while a graph is built (flush, merge) and can change at any time.
 */
final class HnswCodec extends Lucene912Codec {

    private volatile KnnVectorsFormat vectorsFormat;

    HnswCodec(int maxConnections, int beamWidth) {
        configure(maxConnections, beamWidth);
    }

    void configure(int maxConnections, int beamWidth) {
        vectorsFormat = new Lucene99HnswVectorsFormat(maxConnections, beamWidth);
    }

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectorsFormat;
    }
}
