package org.affinity.api.marketing;

import java.math.BigDecimal;

/**
 * How one group of a campaign did within the goal window.
 *
 * @param group "variant:&lt;id&gt;", "treated" (every variant together), "holdout" or "global-control"
 * @param members members in the group (each counted once, at their first run)
 * @param conversions members with a goal event in their window
 * @param conversionRate conversions / members
 * @param conversionInterval 95% Wilson score interval of the rate
 * @param revenue the value of the goal events in the windows
 * @param revenuePerMember revenue / members
 */
public record GroupResult(String group, long members, long conversions, double conversionRate,
        Interval conversionInterval, BigDecimal revenue, double revenuePerMember) {
}
