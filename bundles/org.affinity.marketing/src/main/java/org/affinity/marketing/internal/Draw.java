package org.affinity.marketing.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic draws per member: a SHA-256 of a purpose and the member id mapped to [0, 1). The
 * same member gets the same draw for the same campaign on every run and every restart, and draws
 * for different campaigns (or purposes) are independent.
 */
final class Draw {

    private Draw() {
    }

    /** A uniform number in [0, 1) fixed by {@code scope} and {@code memberId}. */
    static double uniform(String scope, String memberId) {
        byte[] hash = sha256(scope + '\u0000' + memberId);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** Whether the member is in the campaign's holdout of {@code share}. */
    static boolean holdout(String campaignId, String memberId, double share) {
        return share > 0 && uniform("holdout:" + campaignId, memberId) < share;
    }

    /** Whether the member is in the global control group of {@code share} (salted, so it can be re-drawn). */
    static boolean globalControl(String salt, String memberId, double share) {
        return share > 0 && uniform("global-control:" + salt, memberId) < share;
    }

    /**
     * The idempotency key of a message: one per (campaign, run, member), so a receiver can drop the
     * repeat of a message whose hand-off was not recorded before a crash, while a recurring
     * campaign's next run is a new message.
     */
    static String idempotencyKey(String campaignId, int run, String memberId) {
        return HexFormat.of().formatHex(sha256(campaignId + '\u0000' + run + '\u0000' + memberId), 0, 16);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
