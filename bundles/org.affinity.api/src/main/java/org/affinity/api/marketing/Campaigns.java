package org.affinity.api.marketing;

import java.util.List;
import java.util.Optional;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/** Precision marketing: campaigns to segments, consent-checked, measured against holdouts. */
@ProviderType
public interface Campaigns {

    List<Campaign> list();

    Optional<Campaign> get(String id);

    /** Creates a draft campaign. */
    Campaign create(String name, String segmentId, String channel, String message, double holdout);

    /** Sends a draft campaign as a job. */
    Job send(String id);

    Optional<CampaignReport> report(String id);
}
