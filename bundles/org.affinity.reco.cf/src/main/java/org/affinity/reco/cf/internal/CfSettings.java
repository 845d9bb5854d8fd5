package org.affinity.reco.cf.internal;

/** Training and scoring settings, from the component configuration or a test. */
record CfSettings(Als.Settings als, int neighbours, float shrink, float neighbourWeight) {

    static CfSettings defaults() {
        return new CfSettings(new Als.Settings(64, 15, 0.1f, 10f, 3, 42), 50, 10f, 0.5f);
    }
}
