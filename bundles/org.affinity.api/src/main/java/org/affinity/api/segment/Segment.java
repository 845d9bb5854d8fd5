package org.affinity.api.segment;

/**
 * A named set of members.
 *
 * @param id stable identifier
 * @param name display name
 * @param kind how membership is decided
 * @param definition the RFM segment name, the rule expression, or the seed member ids
 * @param size how many members belong now
 */
public record Segment(String id, String name, Kind kind, String definition, long size) {

    public enum Kind {
        RFM, RULE, LOOKALIKE
    }
}
