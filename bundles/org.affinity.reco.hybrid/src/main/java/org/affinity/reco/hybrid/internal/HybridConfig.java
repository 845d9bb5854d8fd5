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

    @AttributeDefinition(name = "Cold history", description = "switching: members with fewer events than this are cold.")
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
}
