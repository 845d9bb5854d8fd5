package org.affinity.reco.cf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Affinity cf strategy",
        description = "Collaborative filtering on implicit feedback: a model search per shop over implicit ALS, EASE, item-item co-purchase neighbours and their blends; when and how it trains.")
@interface CfConfig {

    @AttributeDefinition(name = "Model search", description = "Each training first searches the model family and its settings on a validation split of the store's events (NDCG@10) and serves the winner. Off: the family and settings below are used as they are.")
    boolean tuning() default true;

    @AttributeDefinition(name = "Search budget (seconds)", description = "The search starts no new trial after this long; the winner is then fitted on every event.", min = "1")
    int tuningSeconds() default 120;

    @AttributeDefinition(name = "Search trials", description = "At most this many trials (family x settings); trial 1 is the settings below.", min = "1", max = "200")
    int tuningTrials() default 24;

    @AttributeDefinition(name = "Validation share", description = "The latest share of the events (by time) that the search holds out to score candidates on.", min = "0.01", max = "0.5")
    double validationShare() default 0.1;

    @AttributeDefinition(name = "Validation members", description = "Members sampled (seeded) from those who bought something new in the validation period; 0: all.", min = "0")
    int validationMembers() default 500;

    @AttributeDefinition(name = "Search seed", description = "Seeds the validation sample and the order of the search: the same data and seed give the same choice.")
    long tuningSeed() default 42;

    @AttributeDefinition(name = "Model family", description = "The family trained when the search is off, and trial 1 of the search.",
            options = {
                @Option(label = "implicit ALS + co-purchase neighbours", value = "als+neighbours"),
                @Option(label = "implicit ALS", value = "als"),
                @Option(label = "EASE", value = "ease"),
                @Option(label = "EASE + co-purchase neighbours", value = "ease+neighbours"),
                @Option(label = "co-purchase neighbours", value = "neighbours")})
    String family() default "als+neighbours";

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

    @AttributeDefinition(name = "Neighbour weight", description = "Share of item-item votes in the score of the blend families.", min = "0", max = "1")
    float neighbourWeight() default 0.5f;

    @AttributeDefinition(name = "EASE lambda", description = "L2 regularisation of EASE's item-item weights.", min = "0")
    float easeLambda() default 300f;

    @AttributeDefinition(name = "EASE items", description = "EASE learns weights for this many of the most-bought items (it takes items^3 time and 4 x items^2 bytes: 36 MB at 3,000); the rest get no EASE score.", min = "10", max = "20000")
    int easeItems() default 3000;

    @AttributeDefinition(name = "Retrain after events", description = "Train again once this many new item events (or any erasure) arrived and the store has been quiet for a minute. 0: never.", min = "0")
    int retrainAfterEvents() default 5000;

    @AttributeDefinition(name = "Retrain every (hours)", description = "Train again at least this often when anything changed. 0: never.", min = "0")
    int retrainHours() default 24;

    @AttributeDefinition(name = "Exact scoring limit", description = "Catalogues up to this many items are scored exactly; larger ones take candidates from the cf-items vector collection (KNN) and re-rank them.", min = "0")
    int exactScoringLimit() default 20000;
}
