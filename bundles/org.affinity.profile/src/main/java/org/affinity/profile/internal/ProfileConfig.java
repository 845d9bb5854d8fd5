package org.affinity.profile.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity member profiles",
        description = "How events shape member profiles and vectors, and how often population statistics refresh.")
@interface ProfileConfig {

    @AttributeDefinition(name = "Half-life (days)",
            description = "An event's weight halves every this many days, relative to the member's newer events.", min = "1")
    double halfLifeDays() default 90;

    @AttributeDefinition(name = "Purchase weight")
    double purchaseWeight() default 1.0;

    @AttributeDefinition(name = "Cart weight")
    double cartWeight() default 0.5;

    @AttributeDefinition(name = "View weight")
    double viewWeight() default 0.2;

    @AttributeDefinition(name = "Review weight", description = "An item review counts as interest in the item (its text as the member's own words).")
    double reviewWeight() default 0.8;

    @AttributeDefinition(name = "Return weight", description = "Negative: a returned item counts against the interest its purchase added.")
    double returnWeight() default -1.0;

    @AttributeDefinition(name = "Search/chat weight", description = "Weight of the member's own words (searches, chat, review texts).")
    double textWeight() default 0.5;

    @AttributeDefinition(name = "Own words share",
            description = "Share of the member vector given to the embedding of the member's own words when they have any (0-1).",
            min = "0", max = "1")
    double ownWordsShare() default 0.3;

    @AttributeDefinition(name = "Time zone", description = "The shop's zone: calendar days for recency, hours of day.")
    String zone() default "UTC";

    @AttributeDefinition(name = "RFM reference date",
            description = "'auto': the day after the latest purchase in the store; 'today'; or a date (yyyy-MM-dd).")
    String referenceDate() default "auto";

    @AttributeDefinition(name = "Population refresh (s)", description = "RFM quintiles and price bands are recomputed this often.", min = "1")
    int refreshSeconds() default 60;

    @AttributeDefinition(name = "Snapshot interval (s)", description = "Changed profiles are saved to <data>/profiles this often.", min = "1")
    int snapshotSeconds() default 30;

    @AttributeDefinition(name = "Respect profiling consent",
            description = "Profile only members whose consent allows profiling (members unknown to the store are not profiled).")
    boolean respectConsent() default true;
}
