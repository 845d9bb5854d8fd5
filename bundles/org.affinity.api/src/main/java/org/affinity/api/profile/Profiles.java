package org.affinity.api.profile;

import java.util.Optional;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/** Member profiles, kept current with every event. */
@ProviderType
public interface Profiles {

    Optional<Profile> profile(String memberId);

    /** Recomputes every profile from the store; the job's result is the number of profiles. */
    Job rebuild();
}
