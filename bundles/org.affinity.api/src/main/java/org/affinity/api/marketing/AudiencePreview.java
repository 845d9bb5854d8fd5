package org.affinity.api.marketing;

import java.util.List;

/**
 * What a campaign's audience would be if it were built now: counts, then one page of members with
 * why each is in it.
 *
 * @param matched members the targeting selects, before consent
 * @param withoutConsent of those, members without consent for the channel (never in the audience)
 * @param globalControl members in the global control group (never reached by any campaign)
 * @param holdout members this campaign's holdout keeps out
 * @param treated members who would get a message
 * @param model the embedding model of the vectors used, or null
 * @param offset position of the first member of this page among the audience (treated and holdout)
 * @param members the page, closest first for ranked audiences, else by id
 */
public record AudiencePreview(String campaignId, long matched, long withoutConsent, long globalControl, long holdout,
        long treated, String model, int offset, List<AudienceMember> members) {

    public AudiencePreview {
        members = List.copyOf(members);
    }
}
