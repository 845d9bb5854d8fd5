package org.affinity.chat.knowledge.internal;

import java.nio.file.Path;
import java.util.Locale;

/** The configuration as plain values (tests and benchmarks build it directly). */
record Settings(Path folder, boolean seedDefaults, boolean watchFolder, Fusion.Settings fusion, int candidates,
        int maxResults, TextAnalyzer.Options analysis, Passages.Unit unit) {

    static final int DEFAULT_RRF_K = 60;
    /** Chosen by the retrieval evaluation (README): normalised scores, keywords 0.2, vectors 0.8, intent 0.5. */
    static final double DEFAULT_KEYWORD_WEIGHT = 0.2;
    static final double DEFAULT_VECTOR_WEIGHT = 0.8;
    static final double DEFAULT_INTENT_BOOST = 0.5;
    static final Fusion.Settings DEFAULT_FUSION = new Fusion.Settings(Fusion.Method.SCORES, DEFAULT_RRF_K,
            DEFAULT_KEYWORD_WEIGHT, DEFAULT_VECTOR_WEIGHT, DEFAULT_INTENT_BOOST);

    Settings {
        if (candidates < 1 || maxResults < 1) {
            throw new IllegalArgumentException("candidates and maxResults must be at least 1");
        }
    }

    static Settings defaults(Path folder) {
        return new Settings(folder, true, false, DEFAULT_FUSION, 50, 50, TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH);
    }

    /** @param data the platform's data folder, where the articles are kept unless configured elsewhere */
    static Settings of(KnowledgeConfig config, Path data) {
        Path folder = config.folder() == null || config.folder().isBlank() ? data.resolve("chat").resolve("articles")
                : Path.of(config.folder().strip());
        Fusion.Method method;
        try {
            method = Fusion.Method.valueOf(config.fusion().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fusion must be rrf or scores, was '" + config.fusion() + "'");
        }
        return new Settings(folder, config.seedDefaults(), config.watchFolder(),
                new Fusion.Settings(method, config.rrfK(), config.keywordWeight(), config.vectorWeight(), config.intentBoost()),
                config.candidates(), config.maxResults(), TextAnalyzer.SHIPPED, Passages.Unit.PARAGRAPH);
    }

    Settings with(Fusion.Settings next) {
        return new Settings(folder, seedDefaults, watchFolder, next, candidates, maxResults, analysis, unit);
    }

    Settings with(TextAnalyzer.Options next) {
        return new Settings(folder, seedDefaults, watchFolder, fusion, candidates, maxResults, next, unit);
    }

    Settings with(Passages.Unit next) {
        return new Settings(folder, seedDefaults, watchFolder, fusion, candidates, maxResults, analysis, next);
    }
}
