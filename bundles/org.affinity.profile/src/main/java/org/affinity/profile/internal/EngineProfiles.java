package org.affinity.profile.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.affinity.api.job.JobContext;
import org.affinity.api.profile.PopulationStats;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileExplanation;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.Profiles;
import org.affinity.api.profile.SimilarMember;

/**
 * The reads of the Profiles service, answered by a profile engine: shared by the DS component and the
 * standalone engine, which differ only in how a rebuild runs.
 */
abstract class EngineProfiles implements Profiles {

    abstract ProfileEngine engine();

    @Override
    public Optional<Profile> profile(String memberId) {
        return engine().profile(memberId);
    }

    @Override
    public Optional<ProfileExplanation> explain(String memberId) {
        return engine().explain(memberId);
    }

    @Override
    public List<SimilarMember> similar(String memberId, int count) {
        return engine().similar(memberId, count);
    }

    @Override
    public Optional<float[]> vector(String memberId) {
        return engine().vector(memberId);
    }

    @Override
    public PopulationStats population() {
        return engine().stats();
    }

    @Override
    public PopulationStats refreshPopulation() {
        engine().refresh();
        return engine().stats();
    }

    @Override
    public ProfileView current() {
        return engine().view();
    }

    @Override
    public ProfileView asOf(Instant cutoff, JobContext context) {
        return engine().asOf(cutoff, context);
    }
}
