package org.affinity.api.marketing;

/**
 * One version of a campaign's message.
 *
 * @param id short name ("a", "b", "cosy"), unique in the campaign
 * @param subject the subject line (email) or title (push, in-app); a template, may be null
 * @param body the message; a template with member fields, recommendations, money and dates
 * @param theme with assignment THEME: a text describing who this variant suits; each member gets the
 *        variant whose theme is closest to their vector
 * @param weight with assignment RANDOM: the relative share of members (default 1)
 */
public record Variant(String id, String subject, String body, String theme, Double weight) {

    public double share() {
        return weight == null ? 1.0 : weight;
    }
}
