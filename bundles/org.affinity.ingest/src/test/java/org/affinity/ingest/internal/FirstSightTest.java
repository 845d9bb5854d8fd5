package org.affinity.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.IngestRecord;
import org.affinity.api.ingest.IngestResult;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events about members and items the store has not seen create them, members with the configured consent. */
class FirstSightTest {

    private static final Consent PROFILING = new Consent(false, false, false, true);

    @TempDir
    Path folder;

    static IngestConfig config(String... newMemberConsent) {
        return new IngestConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IngestConfig.class;
            }

            @Override
            public String[] newMemberConsent() {
                return newMemberConsent;
            }
        };
    }

    private static IngestRecord event(int line, String id, String member, String item) {
        return new IngestRecord(line, Map.of("id", id, "type", "view", "member", member, "item", item,
                "time", "2011-06-01T10:00:00Z"));
    }

    @Test
    void consentComesFromTheSettingsValuesAndABadValueIsNamed() {
        assertEquals(Consent.NONE, FirstSight.consent(new String[0]), "the default: no consent");
        assertEquals(Consent.NONE, FirstSight.consent(null));
        assertEquals(PROFILING, FirstSight.consent(new String[] {"profiling"}));
        assertEquals(new Consent(true, true, false, false), FirstSight.consent(new String[] {"email, SMS"}),
                "a .cfg line lists them comma-separated");
        assertEquals(Consent.ALL, FirstSight.consent(new String[] {"all"}));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FirstSight.consent(new String[] {"profiling", "telepathy"}));
        assertEquals("org.affinity.ingest: newMemberConsent must name profiling, email, sms or push (or none, all), "
                + "was 'telepathy'", bad.getMessage());
    }

    @Test
    void anEventCreatesTheUnknownMemberWithTheConfiguredConsentAndAStubItem() {
        MemoryStore store = new MemoryStore();
        store.putMember(Member.of("known", Map.of("country", "France"), Consent.ALL));
        store.putItems(List.of(new Item("real", "Lantern", "", List.of("Home"), null, null, Map.of(), true, null)));
        RecordIngestion ingestion = new RecordIngestion(store, config("profiling"));
        IngestResult result = ingestion.events(List.of(event(1, "e1", "x1", "i1"), event(2, "e2", "known", "real")));
        assertEquals(2, result.accepted(), result.toString());

        Member x1 = store.member("x1").orElseThrow();
        assertEquals(PROFILING, x1.consent());
        assertEquals(Map.of(), x1.attributes());
        assertEquals(Item.stub("i1").title(), store.item("i1").orElseThrow().title());
        assertFalse(store.item("i1").orElseThrow().available());
        assertEquals(Consent.ALL, store.member("known").orElseThrow().consent(), "a known member keeps their consent");
        assertEquals("Lantern", store.item("real").orElseThrow().title(), "a real item is not replaced by a stub");
        assertEquals(2, store.counts().members());
        assertEquals(2, store.counts().items());

        ingestion.modified(config());
        ingestion.events(List.of(event(1, "e3", "x2", "i1")));
        assertEquals(Consent.NONE, store.member("x2").orElseThrow().consent(), "a changed setting applies at once");
    }

    @Test
    void anEventFileCreatesMembersWithTheImportsConsentOptionOrElseTheConfiguredOne() throws Exception {
        Path file = folder.resolve("events.ndjson");
        Files.writeString(file, "{\"id\":\"f1\",\"type\":\"view\",\"member\":\"y1\",\"item\":\"j1\",\"time\":\"2011-06-01T10:00:00Z\"}\n"
                + "{\"id\":\"f2\",\"type\":\"purchase\",\"member\":\"y2\",\"item\":\"j1\",\"quantity\":1,\"time\":\"2011-06-01T10:01:00Z\"}\n");
        MemoryStore store = new MemoryStore();
        ImportReport configured = (ImportReport) new ImportRun(new ImportPlan(new ImportRequest(file, null, Map.of(),
                Map.of())), store, PROFILING).run(new RecordingJobContext());
        assertEquals(2, configured.imported(), configured.toString());
        assertEquals(PROFILING, store.member("y1").orElseThrow().consent());
        assertEquals(PROFILING, store.member("y2").orElseThrow().consent());
        assertTrue(store.item("j1").isPresent());

        MemoryStore other = new MemoryStore();
        new ImportRun(new ImportPlan(new ImportRequest(file, null, Map.of(), Map.of("consent", "all"))), other, PROFILING)
                .run(new RecordingJobContext());
        assertEquals(Consent.ALL, other.member("y1").orElseThrow().consent(), "the import's option wins");
        assertEquals(2, other.counts().members());
        assertEquals(1, other.counts().items());
    }
}
