package org.affinity.search.internal;

/** The configuration, as plain values (tests build it directly). */
record Settings(int batchSize, int bulkThreshold, int maxResults) {

    static final Settings DEFAULTS = new Settings(256, 1000, 100);

    Settings {
        if (batchSize < 1 || bulkThreshold < 1 || maxResults < 1) {
            throw new IllegalArgumentException("batchSize, bulkThreshold and maxResults must be at least 1");
        }
    }

    static Settings of(SearchConfig config) {
        return new Settings(config.batchSize(), config.bulkThreshold(), config.maxResults());
    }
}
