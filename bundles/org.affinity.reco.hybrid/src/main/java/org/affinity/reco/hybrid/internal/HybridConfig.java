package org.affinity.reco.hybrid.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Affinity hybrid recommendations",
        description = "How the hybrid strategy combines the other strategies and diversifies the result.")
public @interface HybridConfig {

    @AttributeDefinition(name = "Mode", options = {
            @Option(value = "rrf", label = "Reciprocal-rank fusion (scale-free, robust)"),
            @Option(value = "weighted", label = "Weighted sum of min-max normalised scores"),
            @Option(value = "switching", label = "One strategy chosen by the member's history length")})
    String mode() default "weighted";

    @AttributeDefinition(name = "Weights", description = "strategy=weight for rrf and weighted modes; "
            + "a present strategy not listed gets the 'other' weight.")
    String[] weights() default {"cf=1.0", "content=1.0", "trending=1.0", "popularity=0"};

    @AttributeDefinition(name = "Weight of other strategies", description = "For strategies installed later and not listed; 0 ignores them.")
    double otherWeight() default 0.5;

    @AttributeDefinition(name = "RRF k", description = "Reciprocal-rank fusion constant: larger flattens the rank curve.")
    int rrfK() default 60;

    @AttributeDefinition(name = "Cold history", description = "Members with fewer events than this are cold: switching serves them the cold strategies, a learned blend its cold blend.")
    int coldHistory() default 5;

    @AttributeDefinition(name = "Cold strategies", description = "switching: tried in order for cold members and anonymous requests.")
    String[] coldStrategies() default {"content", "trending", "popularity"};

    @AttributeDefinition(name = "Warm strategies", description = "switching: tried in order for members with history.")
    String[] warmStrategies() default {"cf", "content", "popularity"};

    @AttributeDefinition(name = "MMR lambda", description = "Relevance against novelty when picking each next item: "
            + "1 keeps the fused order, lower values push similar items (shared title words, categories) down.")
    double mmrLambda() default 0.8;

    @AttributeDefinition(name = "Items per category", description = "At most this many results from one category (0: no cap).")
    int maxPerCategory() default 3;

    @AttributeDefinition(name = "Candidates per result", description = "Each strategy is asked for this many times the requested count.")
    int candidateFactor() default 3;

    @AttributeDefinition(name = "Learn the blend", description = "On: hybrid learns its weights (for cold and warm members, "
            + "rrf or weighted, MMR lambda) on a validation split of the shop's events whenever a strategy it blends retrains, "
            + "and serves them; the settings above are then only its starting point. Off: it serves the settings above as they are.")
    boolean learn() default true;

    @AttributeDefinition(name = "Validation holdout", description = "How the validation split is carved from the events: "
            + "temporal (the latest share of events; what a shop's future looks like) or random (a share of each member's items).",
            options = {@Option(value = "temporal", label = "Temporal: learn on the past, validate on what came after"),
                    @Option(value = "random", label = "Random: a share of each member's items")})
    String validationHoldout() default "temporal";

    @AttributeDefinition(name = "Validation share", description = "Share of the events (temporal) or of each member's items (random) held out to learn the blend on.")
    double validationShare() default 0.2;

    @AttributeDefinition(name = "Validation members", description = "Learn on at most this many validation members (a seeded sample; 0: all). "
            + "More is steadier and slower.")
    int validationMembers() default 1000;
}
