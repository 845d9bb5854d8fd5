package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Holdouts: their share within tolerance, fixed per member and campaign, independent between campaigns. */
class DrawTest {

    private static final int MEMBERS = 100_000;

    /**
     * With 100,000 members the share of a 10% holdout has a standard deviation of 0.095 points: a
     * tolerance of 0.5 points is over five of them, so this fails only when the draw is not uniform.
     */
    @Test
    void holdoutShareIsWithinToleranceAndStablePerMember() {
        int inSpring = 0;
        int inSummer = 0;
        int inBoth = 0;
        for (int i = 0; i < MEMBERS; i++) {
            String member = "m" + i;
            boolean spring = Draw.holdout("spring-sale", member, 0.10);
            boolean summer = Draw.holdout("summer-sale", member, 0.10);
            assertEquals(spring, Draw.holdout("spring-sale", member, 0.10), "the same member, the same campaign: the same draw");
            inSpring += spring ? 1 : 0;
            inSummer += summer ? 1 : 0;
            inBoth += spring && summer ? 1 : 0;
        }
        assertEquals(0.10, (double) inSpring / MEMBERS, 0.005);
        assertEquals(0.10, (double) inSummer / MEMBERS, 0.005);
        // Independent campaigns: in both holdouts about 1% (sd 0.03 points).
        assertEquals(0.01, (double) inBoth / MEMBERS, 0.002);
    }

    @Test
    void globalControlIsIndependentOfHoldoutsAndChangesWithItsSalt() {
        int same = 0;
        int inControl = 0;
        for (int i = 0; i < MEMBERS; i++) {
            boolean a = Draw.globalControl("affinity", "m" + i, 0.05);
            inControl += a ? 1 : 0;
            same += a == Draw.globalControl("2027", "m" + i, 0.05) ? 1 : 0;
        }
        assertEquals(0.05, (double) inControl / MEMBERS, 0.004);
        assertNotEquals(MEMBERS, same);
    }

    @Test
    void idempotencyKeysDifferPerRunAndMember() {
        assertEquals(Draw.idempotencyKey("c", 1, "m"), Draw.idempotencyKey("c", 1, "m"));
        assertNotEquals(Draw.idempotencyKey("c", 1, "m"), Draw.idempotencyKey("c", 2, "m"));
        assertNotEquals(Draw.idempotencyKey("c", 1, "m"), Draw.idempotencyKey("c", 1, "n"));
        assertEquals(32, Draw.idempotencyKey("c", 1, "m").length());
    }
}
