package org.affinity.chat.internal;

import java.time.Duration;

/** {@link ChatConfig} as values, so the dialogue can be tested without OSGi. */
record ChatSettings(String intentSet, int handoffAfterUnclear, int handoffAfterRepeats, int items, int ordersListed,
        boolean rephrase, Duration rephraseTimeout, int retentionDays) {

    static final ChatSettings DEFAULTS = new ChatSettings("shop", 2, 3, 5, 3, true, Duration.ofSeconds(4), 365);

    static ChatSettings of(ChatConfig config) {
        return new ChatSettings(config.intent_set().trim(), config.handoff_after_unclear(), config.handoff_after_repeats(),
                config.items(), config.orders_listed(), config.rephrase(), Duration.ofMillis(config.rephrase_timeout_ms()),
                config.retention_days());
    }
}
