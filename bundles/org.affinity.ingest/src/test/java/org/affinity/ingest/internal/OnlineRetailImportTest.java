package org.affinity.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.StoreCounts;
import org.affinity.store.jdbc.internal.Dialect;
import org.affinity.store.jdbc.internal.JdbcStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The whole Online Retail file (the demo store) through the real import and the real store, on H2
 * and on PostgreSQL. The expected counts were derived independently from the raw file (a short
 * Python script over the CSV, rules as documented in {@link OnlineRetail}):
 * <ul>
 * <li>541,909 data lines; 135,080 without CustomerID (guests); 1,920 more are non-product codes;
 * <li>of the remaining 406,909, exact repeats (same invoice, stock code, quantity, time, price): 5,222;
 * <li>stored: 391,181 purchases and 8,506 returns (C invoices) = 399,687 events;
 * <li>4,372 distinct CustomerIDs (members); 3,942 distinct product stock codes after upper-casing
 * (items, including products only guests bought).
 * </ul>
 */
class OnlineRetailImportTest {

    static final Path FILE = Path.of("../org.affinity.demo/data/online-retail.csv.gz");

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theDemoFileImportsWithExactlyTheExpectedCountsAndASecondImportAddsNothing(Dialect dialect) throws Exception {
        try (HikariDataSource database = TestDatabases.fresh(dialect, folder)) {
            JdbcStore store = new JdbcStore(database, dialect, 64, Duration.ofSeconds(10));
            try {
                ImportRequest request = new ImportRequest(FILE, OnlineRetail.NAME, Map.of(), Map.of("consent", "all"));
                RecordingJobContext context = new RecordingJobContext();
                ImportReport report = new ImportRun(new ImportPlan(request), store, Consent.NONE).run(context);

                assertEquals(541_909, report.read());
                assertEquals(399_687, report.imported());
                assertEquals(5_222, report.duplicates());
                assertEquals(137_000, report.skipped());
                assertEquals(0, report.rejected(), () -> report.rejections().toString());
                assertTrue(report.notes().contains("skipped 135,080: guest checkout (no CustomerID)"), report.notes().toString());
                assertEquals(541_909, context.total());

                StoreCounts counts = store.counts();
                assertEquals(4_372, counts.members());
                assertEquals(3_942, counts.items());
                assertEquals(Map.of("purchase", 391_181L, "return", 8_506L), counts.eventsByType());

                Item heart = store.item("85123A").orElseThrow();
                assertEquals("White Hanging Heart T-Light Holder", heart.title());
                assertEquals(new BigDecimal("2.95"), heart.price(), "the most common sale price");
                assertEquals("GBP", heart.currency());
                Member first = store.member("17850").orElseThrow();
                assertEquals("United Kingdom", first.country());
                assertEquals(Consent.ALL, first.consent());
                List<Event> events = store.events("17850");
                Event earliest = events.get(0);
                assertEquals(Instant.parse("2010-12-01T08:26:00Z"), earliest.timestamp());
                assertEquals("536365", earliest.attributes().get("order"));
                assertTrue(events.stream().anyMatch(e -> e.type() == EventType.RETURN && e.quantity() > 0),
                        "cancellations become returns of a positive quantity");

                ImportReport again = new ImportRun(new ImportPlan(request), store, Consent.NONE).run(new RecordingJobContext());
                assertEquals(0, again.imported());
                assertEquals(399_687 + 5_222, again.duplicates());
                assertEquals(399_687, store.counts().events());
            } finally {
                store.close();
            }
        }
    }
}
