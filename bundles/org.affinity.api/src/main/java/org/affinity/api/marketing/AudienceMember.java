package org.affinity.api.marketing;

import java.util.List;

/**
 * One member of an audience.
 *
 * @param score the similarity that ranked the member (THEME, LOOKALIKE), or null
 * @param group "treated" or "holdout"
 * @param variant the variant the member gets (treated), or null
 * @param reasons why the member is in the audience, for people
 */
public record AudienceMember(String memberId, Double score, String group, String variant, List<String> reasons) {

    public AudienceMember {
        reasons = List.copyOf(reasons);
    }
}
