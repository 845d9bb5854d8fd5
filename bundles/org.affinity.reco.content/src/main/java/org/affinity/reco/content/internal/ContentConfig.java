package org.affinity.reco.content.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Affinity content strategy",
        description = "Recommends by text similarity of items (the \"items\" vector collection) to a member's recent items.")
@interface ContentConfig {

    @AttributeDefinition(name = "Aggregation", description = "nearest: each recent item's nearest items, scores summed by taste weight; mean: one search with the weighted average vector.",
            options = {@Option(label = "nearest", value = "NEAREST"), @Option(label = "mean", value = "MEAN")})
    String aggregation() default "NEAREST";

    @AttributeDefinition(name = "Recent items", description = "How many of the member's most recent distinct items make their taste.", min = "1", max = "200")
    int recentItems() default 40;

    @AttributeDefinition(name = "Half-life (items)", description = "An item's weight halves every this many newer items.", min = "0.1")
    double halfLife() default 10;

    @AttributeDefinition(name = "Popularity prior", description = "Exponent of (1 + purchases of the item) multiplied into a candidate's text similarity: 0 ranks by text alone; higher prefers, among similar items, those members buy.", min = "0", max = "2")
    double popularityPrior() default 0.8;

    @AttributeDefinition(name = "Neighbours per item", description = "Nearest items asked of the index per recent item.", min = "1", max = "1000")
    int neighboursPerItem() default 100;

    @AttributeDefinition(name = "Trend half-life (days)", description = "Purchases in the popularity prior count half for every this many days they lie before the latest purchase (trending: a season's items rise as they start selling); 0 counts every purchase alike.", min = "0")
    double trendHalfLifeDays() default 7;

    @AttributeDefinition(name = "Cached neighbour lists", description = "How many items' nearest-item lists are kept (about "
            + "3.3 kB of heap each with the item's vector), so a request filters remembered lists instead of searching the "
            + "index per taste item; the best sellers' first when the catalogue is larger. 0 searches every time.", min = "0")
    int neighbourCacheItems() default 100_000;

    @AttributeDefinition(name = "Neighbour list age (minutes)", description = "A remembered list is searched again after "
            + "this long in the background (requests keep using it meanwhile), so a changed item text reaches "
            + "recommendations; all lists go when the items collection changes size or model.", min = "1")
    int neighbourCacheMinutes() default 10;

    @AttributeDefinition(name = "Background share", description = "Share of one thread that filling and refreshing "
            + "the neighbour lists may take (the rest of the time it rests), so requests keep their latency meanwhile.",
            min = "0.05", max = "1")
    double backgroundShare() default 0.5;
}
