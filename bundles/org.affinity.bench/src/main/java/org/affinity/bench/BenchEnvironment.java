package org.affinity.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where benchmarks find the project and the shared data sets, and a header line for every report. */
public final class BenchEnvironment {

    private BenchEnvironment() {
    }

    /** The checkout (./affinity passes -Daffinity.root). */
    public static Path root() {
        return Path.of(System.getProperty("affinity.root", ".")).toAbsolutePath().normalize();
    }

    /** ../shared next to the checkout (-Daffinity.shared), which holds the public data sets. */
    public static Path shared() {
        Path shared = Path.of(System.getProperty("affinity.shared", root().resolve("../shared").toString()))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(shared.resolve("data"))) {
            throw new IllegalStateException("no data sets at " + shared.resolve("data")
                    + ": set AFFINITY_SHARED to the folder that holds data/ and golden/");
        }
        return shared;
    }

    /** "Java 25.0.3, 2 cores, max heap 8 GiB, 2026-11-28T..." */
    public static String describe() {
        return String.format("Java %s, %d cores, max heap %d MiB, %s", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                java.time.Instant.now().toString().substring(0, 19) + "Z")
                + (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--add-modules=jdk.incubator.vector")
                        ? ", vector incubator on" : "");
    }
}
