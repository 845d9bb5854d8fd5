package org.affinity.profile.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.ingest.internal.ImportRun;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;

/**
 * The demo shop (Online Retail) imported once per test run through the real import into an
 * in-memory store, with a profile engine listening from the start: its profiles are built
 * incrementally, event by event, as in the platform.
 */
final class DemoShop {

    static final Path FILE = Path.of("../org.affinity.demo/data/online-retail.csv.gz");
    static final ZoneId ZONE = ZoneId.of("Europe/London");

    private static DemoShop shop;

    final MemoryStore store = new MemoryStore();
    final FakeVectors vectors = new FakeVectors();
    final ProfileEngine engine;

    private DemoShop() throws Exception {
        engine = engine(store, vectors);
        engine.start();
        store.listen(engine);
        new ImportRun(new ImportRequest(FILE, "online-retail", Map.of(), Map.of("consent", "all")), store)
                .run(new RecordingJobContext());
        engine.step();
        engine.refresh();
    }

    static ProfileEngine engine(MemoryStore store, VectorSource vectors) {
        return new ProfileEngine(store, Weights.DEFAULT, ZONE, true, (LocalDate) null, null, vectors, null);
    }

    static synchronized DemoShop get() throws Exception {
        if (shop == null) {
            shop = new DemoShop();
        }
        return shop;
    }
}
