package org.affinity.profile.internal;

import java.util.List;
import java.util.Locale;

/**
 * The eleven named RFM segments as a partition of recency score (R, 1-5) by the mean of the
 * frequency and monetary scores (FM = (F + M + 1) / 2, 1-5):
 *
 * <pre>
 * R\FM  1               2                   3                   4                 5
 *  5    New Customers   Potential Loyalist  Potential Loyalist  Champions         Champions
 *  4    Promising       Potential Loyalist  Potential Loyalist  Champions         Champions
 *  3    About to Sleep  About to Sleep      Need Attention      Loyal             Loyal
 *  2    Hibernating     Hibernating         At Risk             At Risk           At Risk
 *  1    Lost            Hibernating         At Risk             Can't Lose Them   Can't Lose Them
 * </pre>
 */
final class RfmGrid {

    static final String CHAMPIONS = "Champions";
    static final String LOYAL = "Loyal";
    static final String POTENTIAL_LOYALIST = "Potential Loyalist";
    static final String NEW = "New Customers";
    static final String PROMISING = "Promising";
    static final String NEED_ATTENTION = "Need Attention";
    static final String ABOUT_TO_SLEEP = "About to Sleep";
    static final String AT_RISK = "At Risk";
    static final String CANT_LOSE = "Can't Lose Them";
    static final String HIBERNATING = "Hibernating";
    static final String LOST = "Lost";

    /** Best first. */
    static final List<String> NAMES = org.affinity.api.profile.Rfm.SEGMENTS;

    private static final String[][] GRID = {
        // FM:  1              2                   3                   4           5
        {LOST, HIBERNATING, AT_RISK, CANT_LOSE, CANT_LOSE}, // R = 1
        {HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, AT_RISK}, // R = 2
        {ABOUT_TO_SLEEP, ABOUT_TO_SLEEP, NEED_ATTENTION, LOYAL, LOYAL}, // R = 3
        {PROMISING, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, CHAMPIONS, CHAMPIONS}, // R = 4
        {NEW, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, CHAMPIONS, CHAMPIONS}, // R = 5
    };

    private RfmGrid() {
    }

    static String segment(int r, int f, int m) {
        return GRID[r - 1][(f + m + 1) / 2 - 1];
    }

    /** "Can't Lose Them", "cant lose them" and "CANT-LOSE-THEM" are the same name. */
    static String key(String name) {
        StringBuilder key = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** The canonical name for a spelling, or null when it names no segment. */
    static String canonical(String name) {
        String key = key(name);
        return NAMES.stream().filter(n -> key(n).equals(key)).findFirst().orElse(null);
    }

    /** Segment id: "rfm-cant-lose-them". */
    static String id(String name) {
        return "rfm-" + name.toLowerCase(Locale.ROOT).replace("'", "").replace(' ', '-');
    }
}
