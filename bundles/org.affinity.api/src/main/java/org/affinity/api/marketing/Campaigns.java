package org.affinity.api.marketing;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Precision marketing: campaigns to audiences (segments, rules, lookalikes, semantic themes),
 * consent-checked, capped, rendered per member, handed off to a file or webhook, and measured
 * against a holdout.
 */
@ProviderType
public interface Campaigns {

    /** Every campaign, newest first. */
    List<Campaign> list();

    Optional<Campaign> get(String id);

    /**
     * Creates a campaign from a definition (see {@link Campaign#define}); with schedule NOW it starts
     * sending at once, with AT or RECURRING the scheduler sends it.
     *
     * @throws IllegalArgumentException naming every field that is wrong and why
     */
    Campaign create(Campaign definition);

    /**
     * Stops a campaign for good: a running send stops after the member in hand, nothing more is
     * scheduled. Returns false when the campaign is unknown.
     */
    boolean cancel(String id);

    /**
     * The audience the campaign would reach if it were built now: counts and one page.
     *
     * @throws IllegalArgumentException when the campaign is unknown or its audience cannot be built
     *         now (the reason says why)
     */
    AudiencePreview preview(String id, int offset, int limit);

    /**
     * Sends the campaign as a job: resumes the latest run when it is paused or was cut by a crash,
     * otherwise starts a new run. The job's result is the run.
     *
     * @throws IllegalArgumentException when the campaign is unknown or cancelled
     */
    Job send(String id);

    /** How the campaign did so far; empty when it is unknown. */
    Optional<CampaignReport> report(String id);

    /**
     * Tries a targeting on history as a job, whose result is a {@link SimulationReport}.
     *
     * @throws IllegalArgumentException naming what is wrong with the request
     */
    Job simulate(SimulationRequest request);

    /**
     * Drafts message variants with the chat capability's language model, when drafting is switched
     * on and a model is present. The drafts use the template fields of {@link Content}; review them
     * before use.
     *
     * @param brief what the message is for, e.g. "Christmas decorations, 10% off until Sunday"
     * @throws IllegalStateException when drafting is off or no language model is present (saying which)
     * @throws IOException when the model failed to answer
     */
    List<Variant> draft(String brief, String channel, int variants) throws IOException;
}
