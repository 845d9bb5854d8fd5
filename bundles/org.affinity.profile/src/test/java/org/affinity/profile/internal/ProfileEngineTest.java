package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.SimilarMember;
import org.affinity.api.segment.Segment;
import org.affinity.store.testkit.ForwardingStore;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a small shop: features, consent, erasure, saving, a rebuild while events arrive. */
class ProfileEngineTest {

    @TempDir
    Path folder;

    final MemoryStore store = new MemoryStore();
    final FakeVectors vectors = new FakeVectors();
    final RecordingSink sink = new RecordingSink();

    ProfileEngine engine(Path at) {
        ProfileEngine engine = new ProfileEngine(store, Weights.DEFAULT, DemoShop.ZONE, true, (LocalDate) null, at, vectors, sink);
        engine.start();
        store.listen(engine);
        return engine;
    }

    @Test
    void eventsShapeTheProfileAndItsVector() {
        Shop.catalogue(store);
        ProfileEngine engine = engine(null);
        store.append(Shop.history());
        engine.step();
        engine.refresh();

        Profile anna = engine.profile("anna").orElseThrow();
        assertEquals(2, anna.rfm().frequency());
        assertEquals(new BigDecimal("57.0000"), anna.rfm().monetary());
        assertEquals(LocalDate.of(2011, 11, 21), engine.book().population().reference());
        assertEquals(1, anna.rfm().recencyDays());
        assertEquals("christmas", anna.keywordAffinities().keySet().iterator().next());
        assertTrue(anna.categoryAffinities().get("Decorations/Christmas") > 0.8, anna.categoryAffinities().toString());
        assertEquals(anna.categoryAffinities().get("Decorations/Christmas"), anna.categoryAffinities().get("Decorations"));
        assertEquals("United Kingdom", anna.features().get("country"));
        assertEquals("en", anna.features().get("language"));
        assertEquals(List.of("web", "app"), anna.features().get("preferredChannels"));
        assertEquals(List.of(10, 18), anna.features().get("preferredHours"));
        assertTrue(sink.vectors.containsKey("anna"), "the member vector went to the index");

        Profile bert = engine.profile("bert").orElseThrow();
        assertEquals(new BigDecimal("3.9000"), bert.rfm().monetary(), "the returned teapot is refunded");
        assertEquals(1.0 / 3, (double) bert.features().get("returnsRatio"), 1e-6);
        assertEquals(0.0, engine.book().state("bert").share(engine.book().state("bert").terms(engine.catalogue), "regency"), 1e-12,
                "the returned teapot took back the interest its purchase gave");

        assertTrue(engine.profile("dave").isEmpty(), "dave did not consent to profiling");
        assertEquals(12, engine.book().applied(), "his event still counts, so the count matches the store");

        List<SimilarMember> similar = engine.similar("anna", 2);
        assertEquals(2, similar.size());
    }

    @Test
    void consentGivenProfilesTheHistoryAndWithdrawnDropsTheProfile() {
        Shop.catalogue(store);
        ProfileEngine engine = engine(null);
        store.append(Shop.history());
        store.putMember(Member.of("dave", Map.of("country", "Spain"), Consent.ALL));
        assertEquals(1, engine.profile("dave").orElseThrow().rfm().frequency());
        assertEquals(12, engine.book().applied());
        store.putMember(Member.of("anna", Map.of("country", "United Kingdom"), Consent.NONE));
        assertTrue(engine.profile("anna").isEmpty());
        assertEquals(12, engine.book().applied());
    }

    @Test
    void erasingAMemberDropsProfileVectorSegmentsAndSavedCopy() throws Exception {
        Shop.catalogue(store);
        ProfileEngine engine = engine(folder);
        store.append(Shop.history());
        engine.step();
        engine.refresh();
        engine.segments.define("christmas", "Christmas fans", Segment.Kind.RULE, "affinity('christmas') > 0.3", engine.book());
        assertEquals(List.of("anna"), engine.segments.members("christmas", 0, 10));
        engine.save();
        assertTrue(contains(folder.resolve(ProfileEngine.PROFILES_FILE), "anna"));
        assertFalse(store.export("anna").orElseThrow().derived().isEmpty());

        assertTrue(store.erase("anna"));

        assertTrue(engine.profile("anna").isEmpty());
        assertTrue(engine.vector("anna").isEmpty());
        assertTrue(sink.deleted.contains("anna"));
        assertEquals(List.of(), engine.segments.members("christmas", 0, 10));
        assertTrue(engine.segments.segmentsOf("anna").isEmpty());
        assertFalse(contains(folder.resolve(ProfileEngine.PROFILES_FILE), "anna"), "the saved profiles were rewritten");
        assertTrue(store.export("anna").isEmpty());
        assertEquals(store.counts().events(), engine.book().applied());
    }

    @Test
    void savedProfilesServeARestartUnlessTheStoreMovedOn() throws Exception {
        Shop.catalogue(store);
        ProfileEngine first = engine(folder);
        store.append(Shop.history());
        first.step();
        first.refresh();
        first.segments.define("fans", "Fans", Segment.Kind.RULE, "rfm.segment != 'Lost' and orders >= 1", first.book());
        first.save();
        store.unlisten(first);

        ProfileEngine second = new ProfileEngine(store, Weights.DEFAULT, DemoShop.ZONE, true, null, folder, vectors, sink);
        assertTrue(second.start(), "saved profiles match the store: no rebuild");
        RebuildTest.assertSameProfiles(first, second);
        assertEquals(first.segments.members("fans", 0, 10), second.segments.members("fans", 0, 10));

        store.append(List.of(Shop.purchase("cora", "mug", 1, "1.95", "2011-11-30", "o9")));
        ProfileEngine third = new ProfileEngine(store, Weights.DEFAULT, DemoShop.ZONE, true, null, folder, vectors, sink);
        assertFalse(third.start(), "an event the profiles never heard of: rebuild");
    }

    @Test
    void eventsArrivingDuringARebuildAreNeitherLostNorCountedTwice() {
        Shop.catalogue(store);
        ProfileEngine engine = engine(null);
        List<Event> history = Shop.history();
        store.append(history.subList(0, 6));
        // While the rebuild scans, new events arrive (one of them older than everything scanned) and bert is erased.
        ScanHook hook = new ScanHook(store, scanned -> {
            if (scanned == 3) {
                store.append(history.subList(6, history.size()));
                store.append(List.of(Shop.purchase("anna", "lantern", 1, "3.39", "2010-01-01", "o0")));
                store.erase("bert");
            }
        });
        ProfileEngine during = new ProfileEngine(hook, Weights.DEFAULT, DemoShop.ZONE, true, null, null, vectors, null);
        during.start();
        store.listen(during);
        during.rebuild(new RecordingJobContext());

        ProfileEngine fresh = new ProfileEngine(store, Weights.DEFAULT, DemoShop.ZONE, true, null, null, vectors, null);
        fresh.start();
        fresh.rebuild(new RecordingJobContext());
        engine.step();
        engine.refresh();
        RebuildTest.assertSameProfiles(fresh, during);
        RebuildTest.assertSameProfiles(fresh, engine);
        assertNull(during.book().state("bert"));
    }

    private static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    /** A store whose event scan calls back after each event, to change the store mid-scan. */
    static final class ScanHook extends ForwardingStore {
        private final Consumer<Integer> afterEach;

        ScanHook(MemoryStore store, Consumer<Integer> afterEach) {
            super(store);
            this.afterEach = afterEach;
        }

        @Override
        public void scanEvents(Consumer<Event> consumer) {
            int[] n = {0};
            super.scanEvents(event -> {
                consumer.accept(event);
                afterEach.accept(++n[0]);
            });
        }
    }

    /** Member vectors written, in memory. */
    static final class RecordingSink implements MemberVectorSink {
        final Map<String, float[]> vectors = new HashMap<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public void write(Map<String, float[]> written, Map<String, Map<String, Object>> fields) {
            written.forEach((id, v) -> {
                if (v == null) {
                    vectors.remove(id);
                } else {
                    vectors.put(id, v);
                }
            });
        }

        @Override
        public void replaceAll(Map<String, float[]> all, Map<String, Map<String, Object>> fields) {
            vectors.clear();
            vectors.putAll(all);
        }

        @Override
        public void delete(String memberId) {
            vectors.remove(memberId);
            deleted.add(memberId);
        }

        @Override
        public List<SimilarMember> nearest(float[] vector, int count, String exclude) {
            return null; // the engine falls back to an exact scan
        }
    }

}
