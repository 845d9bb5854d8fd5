package org.affinity.chat.knowledge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Affinity chat knowledge base",
        description = "The shop's FAQ and policy articles (Markdown files) and how questions find them: BM25 keywords "
                + "and embedding vectors, fused.")
@interface KnowledgeConfig {

    @AttributeDefinition(name = "Articles folder",
            description = "Where the articles are kept as <id>.md files; empty: <affinity.data>/chat/articles.")
    String folder() default "";

    @AttributeDefinition(name = "Seed the default articles",
            description = "Write the shipped articles (English and Chinese) into the folder on the first start; "
                    + "a default the shop deleted or changed is never written again.")
    boolean seedDefaults() default true;

    @AttributeDefinition(name = "Watch the folder",
            description = "Read articles edited, added or removed in the folder by hand at once.")
    boolean watchFolder() default true;

    @AttributeDefinition(name = "Fusion", description = "How the keyword and vector rankings are combined.",
            options = {@Option(value = "rrf", label = "Reciprocal rank fusion"),
                    @Option(value = "scores", label = "Normalised scores, weighted")})
    String fusion() default "scores";

    @AttributeDefinition(name = "RRF k", description = "Reciprocal rank fusion's rank offset: each list adds weight / (k + rank).",
            min = "1", max = "1000")
    int rrfK() default Settings.DEFAULT_RRF_K;

    @AttributeDefinition(name = "Keyword weight", description = "Weight of the BM25 ranking (0 leaves it out).", min = "0")
    double keywordWeight() default Settings.DEFAULT_KEYWORD_WEIGHT;

    @AttributeDefinition(name = "Vector weight", description = "Weight of the embedding ranking (0 leaves it out).", min = "0")
    double vectorWeight() default Settings.DEFAULT_VECTOR_WEIGHT;

    @AttributeDefinition(name = "Intent boost",
            description = "Extra score of an article that lists the question's intent, in first places of one ranking.",
            min = "0")
    double intentBoost() default Settings.DEFAULT_INTENT_BOOST;

    @AttributeDefinition(name = "Candidates", description = "Passages each ranking contributes to the fusion.",
            min = "1", max = "1000")
    int candidates() default 50;

    @AttributeDefinition(name = "Most results", description = "The largest count a search may ask for.", min = "1", max = "1000")
    int maxResults() default 50;
}
