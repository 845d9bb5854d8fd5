package org.affinity.api.marketing;

/** A two-sided confidence interval (95% unless said otherwise). */
public record Interval(double lower, double upper) {

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
