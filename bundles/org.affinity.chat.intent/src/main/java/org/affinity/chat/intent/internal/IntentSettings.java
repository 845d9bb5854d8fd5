package org.affinity.chat.intent.internal;

import java.time.Duration;

/** The configuration as the sets use it. */
record IntentSettings(Abstention abstention, boolean trainShop, Duration modelWait, Duration retrainDelay) {

    static final IntentSettings DEFAULTS = new IntentSettings(new Abstention(0.5, 0.1, true), true, Duration.ofSeconds(120),
            Duration.ofSeconds(10));

    static IntentSettings of(IntentConfig config) {
        return new IntentSettings(new Abstention(config.abstain_threshold(), config.abstain_margin(),
                config.abstain_outOfScope()), config.shop_train(), Duration.ofSeconds(config.model_wait_seconds()),
                Duration.ofSeconds(config.retrain_delay_seconds()));
    }
}
