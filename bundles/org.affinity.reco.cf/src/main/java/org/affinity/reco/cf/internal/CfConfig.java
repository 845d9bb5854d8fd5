package org.affinity.reco.cf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity cf strategy",
        description = "Collaborative filtering on implicit feedback: implicit ALS blended with item-item co-purchase neighbours; when and how it trains.")
@interface CfConfig {

    @AttributeDefinition(name = "Factors", description = "Latent factors per item (ALS rank).", min = "4", max = "512")
    int factors() default 64;

    @AttributeDefinition(name = "Iterations", description = "ALS sweeps (members, then items).", min = "1", max = "100")
    int iterations() default 15;

    @AttributeDefinition(name = "Regularization", description = "ALS lambda.", min = "0")
    float regularization() default 0.1f;

    @AttributeDefinition(name = "Confidence alpha", description = "Confidence of an observed cell: 1 + alpha x log(1 + weight).", min = "0")
    float alpha() default 10f;

    @AttributeDefinition(name = "Neighbours per item", description = "Co-purchase neighbours kept per item.", min = "1", max = "1000")
    int neighbours() default 50;

    @AttributeDefinition(name = "Neighbour shrinkage", description = "Added to the cosine denominator: pairs seen together rarely count less.", min = "0")
    float shrink() default 10f;

    @AttributeDefinition(name = "Neighbour weight", description = "Share of item-item votes in the score (0: ALS only, 1: neighbours only).", min = "0", max = "1")
    float neighbourWeight() default 0.5f;

    @AttributeDefinition(name = "Retrain after events", description = "Train again once this many new item events (or any erasure) arrived and the store has been quiet for a minute. 0: never.", min = "0")
    int retrainAfterEvents() default 5000;

    @AttributeDefinition(name = "Retrain every (hours)", description = "Train again at least this often when anything changed. 0: never.", min = "0")
    int retrainHours() default 24;

    @AttributeDefinition(name = "Exact scoring limit", description = "Catalogues up to this many items are scored exactly; larger ones take candidates from the cf-items vector collection (KNN) and re-rank them.", min = "0")
    int exactScoringLimit() default 20000;
}
