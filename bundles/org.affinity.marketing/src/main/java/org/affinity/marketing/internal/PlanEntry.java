package org.affinity.marketing.internal;

/**
 * One member of a run's frozen audience.
 *
 * @param m member id
 * @param g group: "t" treated, "h" this campaign's holdout, "g" the global control group
 * @param v the variant (treated only)
 * @param s the similarity that ranked the member, or null
 */
record PlanEntry(String m, String g, String v, Double s) {

    static final String TREATED = "t";
    static final String HOLDOUT = "h";
    static final String GLOBAL_CONTROL = "g";

    boolean treated() {
        return TREATED.equals(g);
    }
}
