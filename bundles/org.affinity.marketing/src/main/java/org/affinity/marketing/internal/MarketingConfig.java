package org.affinity.marketing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity marketing",
        description = "Campaigns: frequency caps, quiet hours, the global control group, hand-off to files and webhooks, copy drafting.")
@interface MarketingConfig {

    @AttributeDefinition(name = "Frequency caps", description = "Per channel, across campaigns: channel=messages/window "
            + "with a window in days (d) or hours (h), e.g. email=2/7d. Transactional campaigns are exempt.")
    String[] caps() default {"email=2/7d", "sms=1/7d", "push=3/7d", "in-app=5/7d"};

    @AttributeDefinition(name = "Quiet hours", description = "HH:mm-HH:mm in each member's time zone (their timezone "
            + "attribute, else their country's zone, else the shop's): no marketing message then; members wait until "
            + "the hours end. Empty: none.")
    String quietHours() default "21:00-08:00";

    @AttributeDefinition(name = "Shop zone", description = "Time zone of members whose zone is unknown.")
    String zone() default "Europe/London";

    @AttributeDefinition(name = "Shop locale", description = "Language tag for members whose locale is unknown (money, dates).")
    String locale() default "en-GB";

    @AttributeDefinition(name = "Currency", description = "ISO 4217 code for prices of items without a currency.")
    String currency() default "GBP";

    @AttributeDefinition(name = "Global control share", description = "Share of all members no campaign ever reaches, "
            + "to measure the effect of marketing as a whole; 0 switches it off.", min = "0", max = "0.5")
    double globalControl() default 0;

    @AttributeDefinition(name = "Global control salt", description = "Changing it draws a new global control group.")
    String globalControlSalt() default "affinity";

    @AttributeDefinition(name = "Outbox", description = "Folder of hand-off files; relative paths are under "
            + "<affinity.data>/marketing.")
    String outbox() default "outbox";

    @AttributeDefinition(name = "Default webhook URL", description = "Where WEBHOOK campaigns that name no URL post.")
    String webhookUrl() default "";

    @AttributeDefinition(name = "Allowed webhook URLs", description = "URL prefixes campaigns may post to; '*' allows any "
            + "http(s) URL. Keep it narrow when the API is reachable by people who should not make this server call out.")
    String[] webhookAllow() default {"*"};

    @AttributeDefinition(name = "Webhook attempts", description = "Attempts per message before it goes to the dead-letter file.",
            min = "1", max = "20")
    int webhookAttempts() default 4;

    @AttributeDefinition(name = "Webhook backoff (ms)", description = "Wait before the second attempt; doubles each time.", min = "0")
    long webhookBackoffMillis() default 500;

    @AttributeDefinition(name = "Webhook maximum backoff (ms)", description = "Longest wait between attempts.", min = "0")
    long webhookMaxBackoffMillis() default 30_000;

    @AttributeDefinition(name = "Webhook timeout (ms)", description = "Per request.", min = "100")
    long webhookTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Webhook secret", description = "When set, each POST carries X-Affinity-Signature: "
            + "sha256=<hex HMAC-SHA256 of the body with this secret>.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String webhookSecret() default "";

    @AttributeDefinition(name = "Pause after failures", description = "A run pauses (resumable) after this many messages "
            + "in a row failed with a transient error: the receiver is down, dead-lettering everyone would not help.", min = "1")
    int pauseAfterFailures() default 5;

    @AttributeDefinition(name = "Scheduler interval (s)", description = "How often scheduled and paused campaigns are checked.",
            min = "1")
    int schedulerSeconds() default 30;

    @AttributeDefinition(name = "Copy drafting", description = "Let campaigns draft copy with the chat capability's "
            + "language model, when one is present.")
    boolean drafting() default false;
}
