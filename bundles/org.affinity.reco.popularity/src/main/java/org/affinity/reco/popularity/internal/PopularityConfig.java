package org.affinity.reco.popularity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity popularity recommendations",
        description = "What counts as popular: event weights, how fast trends fade, when a country has enough data.")
public @interface PopularityConfig {

    @AttributeDefinition(name = "Event weights", description = "type=weight; types not listed count nothing. "
            + "Returns take a sale back.")
    String[] weights() default {"purchase=1", "cart=0.3", "review=0.3", "view=0.05", "return=-1"};

    @AttributeDefinition(name = "Trend half-life (days)", description = "After this many days an event counts "
            + "half as much for 'trending' (measured from the newest event, so historical data trends too).")
    double halfLifeDays() default 7;

    @AttributeDefinition(name = "Items a country needs", description = "A country with fewer popular items than "
            + "this uses the whole shop's ranking instead.")
    int minCountryItems() default 20;

    @AttributeDefinition(name = "Rebuild delay after an erase (seconds)", description = "Counts are rebuilt from "
            + "the store this long after a member is erased, so aggregates drop their events (several erasures share one rebuild).")
    int eraseRebuildDelaySeconds() default 10;
}
