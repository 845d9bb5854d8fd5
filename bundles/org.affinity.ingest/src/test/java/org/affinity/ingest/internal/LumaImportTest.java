package org.affinity.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.item.Item;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The Magento Luma sample catalogue and reviews (copies in src/test/resources/luma, OSL/AFL), through
 * the presets: 147 configurable products out of 1,994 rows (1,847 size/colour variants folded into
 * their parents), the 14 gear bags, 500 reviews by 474 reviewers of 181 products.
 */
class LumaImportTest {

    static final Path LUMA = Path.of("src/test/resources/luma");

    @TempDir
    Path folder;

    @Test
    void catalogueGearAndReviews() throws Exception {
        try (HikariDataSource database = TestDatabases.fresh(Dialect.H2, folder)) {
            JdbcStore store = new JdbcStore(database, Dialect.H2, 64, Duration.ofSeconds(10));
            try {
                ImportReport products = run(store, "configurable_products.csv", LumaProducts.NAME);
                assertEquals(1994, products.read());
                assertEquals(147, products.imported());
                assertEquals(1847, products.skipped());
                assertEquals(0, products.rejected(), () -> products.rejections().toString());
                Item hoodie = store.item("MH01").orElseThrow();
                assertEquals("Chaz Kangeroo Hoodie", hoodie.title());
                assertEquals(List.of("Men/Tops/Hoodies & Sweatshirts", "Collections/Eco Friendly"), hoodie.categories());
                assertEquals(new BigDecimal("52"), hoodie.price());
                assertTrue(hoodie.description().startsWith("<p>Ideal for cold-weather training"), hoodie.description());
                assertEquals(List.of("XS", "S", "M", "L", "XL"), hoodie.attributes().get("sizes"));
                assertEquals("Wool", hoodie.attributes().get("material"));

                ImportReport bags = run(store, "simple_products_gear_bags.csv", LumaProducts.NAME);
                assertEquals(14, bags.imported());
                Item duffle = store.item("24-MB01").orElseThrow();
                assertEquals(List.of("Gear/Bags"), duffle.categories());
                assertEquals(List.of("Gym", "Travel", "Trail", "Overnight"), duffle.attributes().get("activity"));

                ImportReport reviews = run(store, "products_reviews.csv", LumaReviews.NAME);
                assertEquals(500, reviews.imported());
                assertEquals(474, store.counts().members());
                List<Event> chi = store.events("Chi");
                Event first = chi.get(0);
                assertEquals(EventType.REVIEW, first.type());
                assertEquals("24-MB01", first.itemId());
                assertTrue(first.text().startsWith("I prefer more compartments"), first.text());
                assertEquals("2", first.attributes().get("rating"));
                assertEquals(500, run(store, "products_reviews.csv", LumaReviews.NAME).duplicates(),
                        "reviews have content ids: a second import adds nothing");
            } finally {
                store.close();
            }
        }
    }

    private static ImportReport run(JdbcStore store, String file, String preset) throws Exception {
        return new ImportRun(new ImportRequest(LUMA.resolve(file), preset, Map.of(), Map.of()), store).run(new RecordingJobContext());
    }
}
