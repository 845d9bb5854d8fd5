package org.affinity.chat.intent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity intent classifier",
        description = "Named intent sets trained from labelled utterances: when the chat may act on a classification, "
                + "and whether the shipped customer-service set 'shop' is trained on a first start.")
@interface IntentConfig {

    @AttributeDefinition(name = "Confidence threshold", description = "A text whose top intent has a calibrated "
            + "probability under this is abstained on.", min = "0", max = "1")
    double abstain_threshold() default 0.5;

    @AttributeDefinition(name = "Margin", description = "A text whose top intent leads the runner-up by less than this "
            + "(in probability) is abstained on: too close to call.", min = "0", max = "1")
    double abstain_margin() default 0.1;

    @AttributeDefinition(name = "Abstain out of scope", description = "Also abstain on texts less like the set's "
            + "examples than 95% of the shipped out-of-scope background (other topics, gibberish) is, as measured "
            + "for each set when it is trained.")
    boolean abstain_outOfScope() default true;

    @AttributeDefinition(name = "Train the shop set on a first start", description = "When the data folder has no "
            + "set 'shop', train it from the shipped examples (Bitext customer support, the chat's intents, Chinese) "
            + "as a job. A deleted 'shop' comes back at the next start while this is on.")
    boolean shop_train() default true;

    @AttributeDefinition(name = "Wait for models (s)", description = "How long a training waits for the embedding model "
            + "of a language its examples are written in (they load in the background after a start or switch). A "
            + "language whose model does not come is left out of the set, and trained once the model is there.",
            min = "0", max = "3600")
    int model_wait_seconds() default 120;

    @AttributeDefinition(name = "Retrain after a model switch (s)", description = "After the embedding model of a "
            + "language changes, sets trained on the previous one retrain from their stored examples once the "
            + "models have been settled this long (a switch back and forth retrains once).", min = "0", max = "3600")
    int retrain_delay_seconds() default 10;
}
