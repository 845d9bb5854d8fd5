package org.affinity.reco.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity recommendations",
        description = "Which strategy serves whom: default, routes per segment, A/B experiment, fallback chain; common filters.")
@interface RecoConfig {

    @AttributeDefinition(name = "Default strategy", description = "Used when neither the request, a route nor an experiment decides.")
    String defaultStrategy() default "hybrid";

    @AttributeDefinition(name = "Fallback chain", description = "Tried in order when the chosen strategy is missing, "
            + "fails or returns too few items; popularity always comes last.")
    String[] fallback() default {"cf", "content", "popularity"};

    @AttributeDefinition(name = "Routes", description = "when=strategy, first match wins. when: segment:<id>, "
            + "country:<country>, attribute:<name>=<value>, anonymous, item.")
    String[] routes() default {};

    @AttributeDefinition(name = "Experiment name", description = "Names the A/B split; members are assigned by a hash "
            + "of this name and their id. Empty: no experiment.")
    String experimentName() default "";

    @AttributeDefinition(name = "Experiment arms", description = "strategy=weight, e.g. hybrid=50 and cf=50.")
    String[] experimentArms() default {};

    @AttributeDefinition(name = "Control arm", description = "The arm the others are compared with (default: the first).")
    String experimentControl() default "";

    @AttributeDefinition(name = "Experiment start", description = "ISO-8601 instant; the uplift report counts "
            + "behaviour from then on. Set when the experiment is configured through the API.")
    String experimentStarted() default "";

    @AttributeDefinition(name = "Exclude purchased items", description = "Never recommend what the member already bought, "
            + "except consumables.")
    boolean excludePurchased() default true;

    @AttributeDefinition(name = "Consumable categories", description = "Items in these categories (or below) may be "
            + "recommended again after a purchase.")
    String[] consumableCategories() default {};

    @AttributeDefinition(name = "Consumable attribute", description = "An item attribute that, when true, marks a consumable.")
    String consumableAttribute() default "consumable";

    @AttributeDefinition(name = "Over-fetch", description = "Strategies are asked for this many times the requested "
            + "count (plus the exclusions), so filtering still leaves enough.")
    int overfetch() default 2;

    @AttributeDefinition(name = "Strategy timeout (ms)", description = "A strategy call that takes longer is left behind "
            + "and the request moves on along the fallback chain; 0 waits without limit.", min = "0")
    long strategyTimeoutMillis() default 2000;

    @AttributeDefinition(name = "Abandoned calls per strategy", description = "While this many calls of one strategy are "
            + "still running past the timeout, the strategy is skipped at once (bounds the threads a hung strategy holds).",
            min = "1")
    int abandonedCallLimit() default 4;
}
