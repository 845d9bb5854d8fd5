package org.affinity.itest;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.store.Store;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The Online Retail demo shop, imported once per test run (the runtime starts without it) and
 * shared by every test that needs real data: importing it takes ~30 s on two cores.
 */
final class DemoShop {

    private static boolean imported;

    private DemoShop() {
    }

    /** Imports the demo file shipped in org.affinity.demo unless done already; returns once every listener heard it. */
    static synchronized void ensure(BundleContext context, Store store, Importer importer) throws Exception {
        if (imported) {
            return;
        }
        Bundle demo = java.util.Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.affinity.demo"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("org.affinity.demo is not installed"));
        Path file = Files.createTempFile("online-retail", ".csv.gz");
        try (InputStream in = demo.getEntry("data/online-retail.csv.gz").openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Job job = importer.start(new ImportRequest(file, "online-retail", Map.of(), Map.of("consent", "all")));
        if (job.await(Duration.ofMinutes(10)).state() != JobState.SUCCEEDED) {
            throw new IllegalStateException("demo import did not succeed: " + job.status().progressLine());
        }
        store.awaitListeners(Duration.ofMinutes(5));
        Files.deleteIfExists(file);
        imported = true;
    }
}
