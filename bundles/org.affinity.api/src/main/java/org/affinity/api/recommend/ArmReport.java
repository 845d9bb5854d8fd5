package org.affinity.api.recommend;

import java.math.BigDecimal;

/**
 * One arm of an experiment, from the store's events since the experiment started.
 *
 * @param arm the arm (a strategy name)
 * @param members members assigned to the arm who did anything since the start (intent to treat)
 * @param buyers of those, members who bought since the start
 * @param revenue what those members spent since the start
 * @param served responses this arm served since the platform started
 * @param attributedEvents events the shop reported with this arm's attribution
 * @param attributedPurchases purchases among them
 * @param attributedRevenue what those purchases brought
 * @param conversion buyers / members
 * @param revenuePerMember revenue / members
 * @param uplift revenue per member relative to the control arm (0.10 = 10% more), 0 for the control
 * @since 1.1
 */
public record ArmReport(String arm, long members, long buyers, BigDecimal revenue, long served, long attributedEvents,
        long attributedPurchases, BigDecimal attributedRevenue, double conversion, double revenuePerMember,
        double uplift) {
}
