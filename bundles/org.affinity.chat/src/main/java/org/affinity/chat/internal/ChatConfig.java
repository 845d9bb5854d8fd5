package org.affinity.chat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity chat",
        description = "Customer-service chat: which intent set reads messages, when a session goes to a person, "
                + "how answers are phrased and how long transcripts are kept.")
@interface ChatConfig {

    @AttributeDefinition(name = "Intent set", description = "The IntentClassifier set that reads member messages.")
    String intent_set() default "shop";

    @AttributeDefinition(name = "Hand off after unclear messages", description = "Messages in a row the classifier "
            + "abstains on (out of scope, ambiguous) before the session goes to a person.", min = "1", max = "20")
    int handoff_after_unclear() default 2;

    @AttributeDefinition(name = "Hand off after repeats", description = "Messages in a row asking the same thing "
            + "(the answers did not help) before the session goes to a person.", min = "2", max = "20")
    int handoff_after_repeats() default 3;

    @AttributeDefinition(name = "Items suggested", description = "Items in a recommendation answer.", min = "1", max = "20")
    int items() default 5;

    @AttributeDefinition(name = "Orders listed", description = "Recent orders offered when the member has to say "
            + "which order they mean.", min = "1", max = "10")
    int orders_listed() default 3;

    @AttributeDefinition(name = "Rephrase with a language model", description = "When a LanguageModel service is "
            + "present (org.affinity.chat.llm, off by default), let it reword answers. Facts come from actions and "
            + "articles: a rewording that drops a number, date or order id is discarded.")
    boolean rephrase() default true;

    @AttributeDefinition(name = "Rephrase timeout (ms)", description = "How long an answer waits for the language "
            + "model before the plain answer is sent.", min = "100", max = "60000")
    int rephrase_timeout_ms() default 4000;

    @AttributeDefinition(name = "Keep transcripts (days)", description = "Sessions not written to for this long are "
            + "deleted (0 keeps them until the member is erased).", min = "0")
    int retention_days() default 365;
}
