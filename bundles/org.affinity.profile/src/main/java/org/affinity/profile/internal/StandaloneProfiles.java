package org.affinity.profile.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.LongConsumer;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.profile.PopulationStats;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.Profiles;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorIndex;

/** The profile engine outside OSGi, with default weights (benchmarks, tools). */
public final class StandaloneProfiles {

    private final ProfileEngine engine;

    public StandaloneProfiles(Store store, EmbeddingModel model, VectorIndex index, ZoneId zone, Path folder) {
        engine = new ProfileEngine(store, Weights.DEFAULT, zone, true, null, folder, new ModelVectors(() -> model, () -> index),
                index == null ? null : new IndexedMemberVectors(() -> model, () -> index));
        engine.start();
    }

    /** Register this with the store to profile its events as they are committed. */
    public StoreListener listener() {
        return engine;
    }

    /** Receives the duration of each event's profile update, in nanoseconds. */
    public void probe(LongConsumer nanosPerEvent) {
        engine.probe(nanosPerEvent);
    }

    /** One round of background work (vectors); returns the member vectors written. */
    public int step() {
        return engine.step();
    }

    public boolean waiting() {
        return engine.book().hasWaiting();
    }

    public Map<String, Object> rebuild(JobContext context) {
        return engine.rebuild(context);
    }

    public PopulationStats refresh() {
        engine.refresh();
        return engine.stats();
    }

    /** The live profiles as a view. */
    public ProfileView view() {
        return engine.view();
    }

    /** Profiles rebuilt from the events before {@code cutoff} (see {@code Profiles.asOf}). */
    public ProfileView asOf(Instant cutoff, JobContext context) {
        return engine.asOf(cutoff, context);
    }

    /**
     * The Profiles service over this engine, for code that takes one (campaigns in tests and benchmarks).
     * {@code rebuild()} is not offered: call {@link #rebuild(JobContext)}.
     */
    public Profiles service() {
        return new EngineProfiles() {
            @Override
            ProfileEngine engine() {
                return engine;
            }

            @Override
            public Job rebuild() {
                throw new UnsupportedOperationException("outside OSGi: call StandaloneProfiles.rebuild(context)");
            }
        };
    }

    public int profiles() {
        return engine.book().size();
    }
}
