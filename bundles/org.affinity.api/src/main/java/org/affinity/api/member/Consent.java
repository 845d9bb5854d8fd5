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

    /**
     * Whether marketing may reach the member on a channel: "email", "sms", "push", or "in-app"
     * (also "in_app"). An in-app message is shown inside the shop's own app or site while the member
     * uses it, so no separate opt-in exists for it; what makes it marketing is that it is chosen from
     * the member's profile, so it needs the profiling consent. Unknown channels: false.
     */
    public boolean allows(String channel) {
        if (channel == null) {
            return false;
        }
        return switch (channel) {
            case "email" -> marketingEmail;
            case "sms" -> marketingSms;
            case "push" -> marketingPush;
            case "in-app", "in_app" -> profiling;
            default -> false;
        };
    }
}
