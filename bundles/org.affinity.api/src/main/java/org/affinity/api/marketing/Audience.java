package org.affinity.api.marketing;

import java.util.List;

/**
 * Who a campaign is for, before consent, control groups and holdout are applied.
 *
 * @param kind how members are chosen
 * @param segment the segment id (SEGMENT)
 * @param rule a rule over profile fields, the syntax of rule segments (RULE)
 * @param seeds seed member ids (LOOKALIKE)
 * @param theme a text embedded by the shop's model, e.g. "cosy Christmas home decorations" (THEME)
 * @param size LOOKALIKE and THEME: keep the this many closest members (null: no limit)
 * @param minSimilarity LOOKALIKE and THEME: keep members at least this close, cosine in [-1, 1] (null:
 *        no floor); with {@code size} both apply
 * @param within optional rule every member must also match, e.g. "rfm.r >= 3" (RFM + theme)
 */
public record Audience(Kind kind, String segment, String rule, List<String> seeds, String theme, Integer size,
        Double minSimilarity, String within) {

    public enum Kind {
        /** Every member (with consent for the channel). */
        ALL,
        /** The members of a segment (RFM, rule or lookalike) now, or as its definition selects them at a date. */
        SEGMENT,
        /** Members whose profile matches a rule. */
        RULE,
        /** Members whose vector is closest to the centre of the seed members' vectors. */
        LOOKALIKE,
        /** Members whose vector is closest to a text's embedding. */
        THEME
    }

    public Audience {
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    public static Audience theme(String text, Integer size, Double minSimilarity) {
        return new Audience(Kind.THEME, null, null, null, text, size, minSimilarity, null);
    }

    public static Audience segment(String id) {
        return new Audience(Kind.SEGMENT, id, null, null, null, null, null, null);
    }

    public static Audience rule(String rule) {
        return new Audience(Kind.RULE, null, rule, null, null, null, null, null);
    }

    public static Audience all() {
        return new Audience(Kind.ALL, null, null, null, null, null, null, null);
    }

    public Audience within(String restriction) {
        return new Audience(kind, segment, rule, seeds, theme, size, minSimilarity, restriction);
    }

    /** Whether members are ranked by a similarity (and may be cut by size or floor). */
    public boolean ranked() {
        return kind == Kind.LOOKALIKE || kind == Kind.THEME;
    }
}
