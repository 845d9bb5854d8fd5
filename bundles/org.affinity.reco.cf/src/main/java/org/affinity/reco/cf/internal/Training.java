package org.affinity.reco.cf.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.job.JobContext;
import org.affinity.api.store.Store;

/** One training run over the whole store: read every event into the matrix, then train. */
final class Training {

    private Training() {
    }

    static CfModel run(Store store, long version, CfSettings settings, JobContext progress) {
        long total = store.counts().events();
        progress.total(total, "events");
        progress.message("reading events");
        Interactions.Builder builder = new Interactions.Builder();
        AtomicLong read = new AtomicLong();
        store.scanEvents(event -> {
            builder.add(event);
            if (read.incrementAndGet() % 10_000 == 0) {
                progress.done(read.get());
                progress.checkCancelled();
            }
        });
        progress.done(read.get());
        Interactions data = builder.build();
        if (data.itemCount() == 0) {
            throw new IllegalStateException("the store holds no item events to learn from");
        }
        return CfModel.train(version, data, read.get(), settings.als(), settings.neighbours(), settings.shrink(), progress);
    }
}
