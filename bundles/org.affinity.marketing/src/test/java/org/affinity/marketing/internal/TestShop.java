package org.affinity.marketing.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profiles;
import org.affinity.profile.internal.StandaloneProfiles;
import org.affinity.reco.testkit.Configs;
import org.affinity.store.testkit.MemoryStore;

/**
 * A small shop for the campaign tests: the test kit's in-memory store, the real profile engine (with
 * a stand-in embedding), and the campaign service on a folder, with a clock the test moves.
 */
final class TestShop {

    /** A clock a test sets. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final Consent EMAIL_ONLY = new Consent(true, false, false, true);
    static final Consent PROFILING_ONLY = new Consent(false, false, false, true);

    final MemoryStore store = new MemoryStore();
    final StandaloneProfiles engine;
    final Profiles profiles;
    final MovableClock clock;
    final Path folder;
    final CallerJobs jobs = new CallerJobs();
    private int events;

    TestShop(Path folder, Instant now) {
        this.folder = folder;
        this.clock = new MovableClock(now);
        this.engine = new StandaloneProfiles(store, new WordsModel(), null, ZoneId.of("Europe/London"), null);
        store.listen(engine.listener());
        this.profiles = engine.service();
    }

    CampaignService service(Map<String, Object> config) throws Exception {
        CampaignService service = new CampaignService(folder, Configs.of(MarketingConfig.class, config), store, jobs, clock);
        service.profiles(profiles);
        service.model(new WordsModel());
        store.listen(service);
        return service;
    }

    Member member(String id, Consent consent, Map<String, Object> attributes) {
        return store.putMember(Member.of(id, attributes, consent));
    }

    void item(String id, String title, String price) {
        store.putItems(List.of(new Item(id, title, "", List.of(), new BigDecimal(price), "GBP", Map.of(), true, null)));
    }

    void purchase(String member, String item, Instant at) {
        Item known = store.item(item).orElseThrow();
        store.append(List.of(new Event("e" + (++events), EventType.PURCHASE, member, item, 1, known.price(), null, at,
                Map.of())));
    }

    /** Lets the profile engine resolve vectors and score RFM, as its background thread does. */
    void settle() {
        while (engine.waiting()) {
            engine.step();
        }
        engine.refresh();
    }

    static Map<String, Object> config(Object... pairs) {
        Map<String, Object> config = new HashMap<>();
        config.put("quietHours", "");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put((String) pairs[i], pairs[i + 1]);
        }
        return config;
    }
}
