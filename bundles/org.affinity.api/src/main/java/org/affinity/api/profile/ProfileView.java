package org.affinity.api.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Member profiles at one moment, read-only: the live profiles ({@link Profiles#current()}) or profiles
 * rebuilt from the events before a cutoff ({@link Profiles#asOf}), so that an audience can be chosen
 * with nothing but what was known then.
 *
 * @since 1.2
 */
@ProviderType
public interface ProfileView {

    /** The cutoff these profiles were rebuilt to, or null for the live profiles. */
    Instant asOf();

    /** The embedding model whose space {@link #vector} is in, or null when no member has a vector. */
    String vectorModel();

    /** The ids of every profiled member, in no particular order. */
    List<String> members();

    Optional<Profile> profile(String memberId);

    /** The member's RFM scores and segment, or empty without a purchase (cheaper than {@link #profile}). */
    Optional<Rfm> rfm(String memberId);

    /** The member's vector (unit length, in the space of {@link #vectorModel()}), or empty. */
    Optional<float[]> vector(String memberId);

    /**
     * Compiles a segment rule (the syntax of rule segments) into a test of member ids against these
     * profiles; a member without a profile does not match.
     *
     * @throws IllegalArgumentException naming the column and what was expected
     */
    Predicate<String> rule(String expression);
}
