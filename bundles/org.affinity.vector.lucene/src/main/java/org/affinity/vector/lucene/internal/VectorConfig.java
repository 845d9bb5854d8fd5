package org.affinity.vector.lucene.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity vector index",
        description = "Lucene HNSW vector collections under <data>/vectors: search fan-out, commits, graph parameters.")
@interface VectorConfig {

    @AttributeDefinition(name = "Fan-out factor",
            description = "A search for k hits asks the HNSW graph for k x this many candidates (at least the minimum below) and keeps the best k. Higher: better recall, slower.",
            min = "1", max = "100")
    int fanOut() default 10;

    @AttributeDefinition(name = "Minimum candidates",
            description = "The fewest candidates a search explores, whatever k is.", min = "1")
    int minCandidates() default 100;

    @AttributeDefinition(name = "Maximum candidates",
            description = "The most candidates a search explores (never fewer than k).", min = "1")
    int maxCandidates() default 5000;

    @AttributeDefinition(name = "Commit interval (s)",
            description = "Writes become durable at the latest after this many seconds (and on every bulk load, explicit commit and stop).",
            min = "1")
    int commitIntervalSeconds() default 10;

    @AttributeDefinition(name = "HNSW max connections (M)",
            description = "Neighbours per node in the HNSW graph. Applies to segments written from now on.", min = "2", max = "512")
    int hnswM() default 16;

    @AttributeDefinition(name = "HNSW beam width",
            description = "Candidates considered while inserting a node into the graph. Applies to segments written from now on.",
            min = "1", max = "3200")
    int hnswBeamWidth() default 100;

    @AttributeDefinition(name = "Indexing buffer (MB)",
            description = "Memory a collection buffers before it writes a segment; larger bulk loads make fewer segments to merge.",
            min = "1", max = "2048")
    int ramBufferMb() default 128;
}
