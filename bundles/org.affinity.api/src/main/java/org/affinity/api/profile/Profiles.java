package org.affinity.api.profile;

import java.util.List;
import java.util.Optional;

import java.time.Instant;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.osgi.annotation.versioning.ProviderType;

/** Member profiles, kept current with every event. */
@ProviderType
public interface Profiles {

    Optional<Profile> profile(String memberId);

    /** Recomputes every profile from the store; the job's result is the number of profiles. */
    Job rebuild();

    /**
     * The items, categories and terms that shaped a member's profile, or empty when there is no profile.
     *
     * @since 1.1
     */
    Optional<ProfileExplanation> explain(String memberId);

    /**
     * The members nearest to this one in the member-vector space, nearest first, without the member
     * itself; empty when the member has no vector (yet).
     *
     * @since 1.1
     */
    List<SimilarMember> similar(String memberId, int count);

    /**
     * The member's vector (unit length, in the space of the active embedding model), or empty.
     *
     * @since 1.1
     */
    Optional<float[]> vector(String memberId);

    /** @since 1.1 */
    PopulationStats population();

    /**
     * Recomputes the population statistics now (they also refresh on a schedule); reads are served
     * from the previous statistics meanwhile.
     *
     * @since 1.1
     */
    PopulationStats refreshPopulation();

    /**
     * The live profiles as a {@link ProfileView} (reads go to the current profiles, nothing is copied).
     *
     * @since 1.2
     */
    ProfileView current();

    /**
     * Profiles as they were at {@code cutoff}: rebuilt from the store's events before it, RFM scored
     * against that population with the cutoff's day as reference date, member vectors in the active
     * model's space. Nothing is kept or saved; the live profiles are untouched. Takes seconds on a
     * large store: call it from a job, whose context gets progress and cancellation.
     *
     * @since 1.2
     */
    ProfileView asOf(Instant cutoff, JobContext context);
}
