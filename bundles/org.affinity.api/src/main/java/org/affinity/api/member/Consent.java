package org.affinity.api.member;

/**
 * What a member agreed to. Marketing never targets a channel without its flag; profiling without
 * consent keeps only what the shop needs to serve the member (no behavioural profile).
 */
public record Consent(boolean marketingEmail, boolean marketingSms, boolean marketingPush, boolean profiling) {

    /** Nothing agreed: the safe default for members a shop did not tell us about. */
    public static final Consent NONE = new Consent(false, false, false, false);

    /** Everything agreed (demo data and tests). */
    public static final Consent ALL = new Consent(true, true, true, true);

    public boolean allows(String channel) {
        return switch (channel) {
            case "email" -> marketingEmail;
            case "sms" -> marketingSms;
            case "push" -> marketingPush;
            default -> false;
        };
    }
}
