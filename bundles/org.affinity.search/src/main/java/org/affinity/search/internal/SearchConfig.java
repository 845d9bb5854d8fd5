package org.affinity.search.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity catalogue search",
        description = "Keeps the item vectors in step with the store and answers similar-item and text searches.")
@interface SearchConfig {

    @AttributeDefinition(name = "Items per embedding call",
            description = "Changed items embedded together (the model batches them further); also the chunk of a reindex.",
            min = "1", max = "4096")
    int batchSize() default 256;

    @AttributeDefinition(name = "Backlog that becomes a job",
            description = "When at least this many changed items wait (a big import), they are embedded as a job with progress.",
            min = "1")
    int bulkThreshold() default 1000;

    @AttributeDefinition(name = "Most results", description = "The largest n a search may ask for.", min = "1", max = "1000")
    int maxResults() default 100;
}
