package org.affinity.jobs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity jobs", description = "Background jobs: imports, training, re-embedding, reindexing.")
@interface JobsConfig {

    @AttributeDefinition(name = "Workers", description = "How many jobs run at the same time; the rest wait in a queue.", min = "1", max = "16")
    int workers() default 2;

    @AttributeDefinition(name = "Finished jobs kept", description = "How many finished jobs stay listed.", min = "1")
    int retained() default 100;

    @AttributeDefinition(name = "Time limit (minutes)", description = "A job still running after this long is "
            + "stopped and fails, naming the limit (the longest job of the demo shop, a first model training, takes "
            + "minutes); 0 for none.", min = "0")
    int max_duration_minutes() default 240;
}
