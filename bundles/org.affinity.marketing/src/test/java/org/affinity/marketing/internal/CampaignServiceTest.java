package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.marketing.Audience;
import org.affinity.api.marketing.AudiencePreview;
import org.affinity.api.marketing.Campaign;
import org.affinity.api.marketing.CampaignReport;
import org.affinity.api.marketing.CampaignRun;
import org.affinity.api.marketing.Comparison;
import org.affinity.api.marketing.Content;
import org.affinity.api.marketing.Delivery;
import org.affinity.api.marketing.Goal;
import org.affinity.api.marketing.GroupResult;
import org.affinity.api.marketing.Schedule;
import org.affinity.api.marketing.Variant;
import org.affinity.api.member.Consent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Campaigns end to end on a small shop: consent, caps, quiet hours, crash resume, erasure, reports. */
class CampaignServiceTest {

    /** A Monday, 10:00 in London (UTC in winter). */
    static final Instant MONDAY = Instant.parse("2011-11-07T10:00:00Z");

    @TempDir
    Path folder;

    TestShop shop;

    @BeforeEach
    void shop() {
        shop = new TestShop(folder, MONDAY);
        shop.item("x1", "CHRISTMAS TREE DECORATION", "2.50");
        shop.item("x2", "CHRISTMAS STAR LIGHTS", "4.95");
        shop.item("t1", "PINK TEA CUP AND SAUCER", "1.25");
        shop.item("t2", "GREEN TEA POT", "6.00");
        for (int i = 1; i <= 12; i++) {
            shop.member("uk" + i, Consent.ALL, Map.of("country", "United Kingdom", "firstName", "Ann" + i));
        }
        shop.member("ny1", Consent.ALL, Map.of("country", "United Kingdom", "timezone", "America/New_York"));
        shop.member("sms-only", new Consent(false, true, false, true), Map.of("country", "France"));
        shop.member("nobody", Consent.NONE, Map.of("country", "France"));
        shop.member("profiling", TestShop.PROFILING_ONLY, Map.of("country", "Germany"));
        Instant before = MONDAY.minus(Duration.ofDays(30));
        List<String> all = List.of("uk1", "uk2", "uk3", "uk4", "uk5", "uk6", "uk7", "uk8", "uk9", "uk10", "uk11", "uk12", "ny1",
                "sms-only", "nobody", "profiling");
        for (int i = 0; i < all.size(); i++) {
            shop.purchase(all.get(i), i % 2 == 0 ? "x1" : "t1", before.plus(Duration.ofHours(i)));
        }
        shop.settle();
    }

    private static Campaign campaign(String id, Audience audience, String channel, double holdout, boolean transactional,
            Delivery delivery) {
        return Campaign.define(id, null, audience, new Goal(EventType.PURCHASE, 7, null, null, Set.of("christmas"), null),
                channel, Content.of("Hello {{firstName|there}}", "Hi {{firstName|there}}, see you on {{date}}"),
                Schedule.MANUAL, holdout, transactional, delivery);
    }

    private static CampaignRun run(CampaignService service, String id) throws Exception {
        Job job = service.send(id);
        JobStatus status = job.await(Duration.ofSeconds(30));
        assertEquals(JobState.SUCCEEDED, status.state(), String.valueOf(status.error()));
        return (CampaignRun) status.result();
    }

    private Set<String> outbox(String file) throws Exception {
        Set<String> members = new HashSet<>();
        List<String> lines = Files.readAllLines(folder.resolve("outbox").resolve(file));
        for (String line : lines) {
            JsonNode message = Json.MAPPER.readTree(line);
            assertTrue(members.add(message.get("member").asText()), "each member once: " + lines);
        }
        return members;
    }

    private List<Event> sentEvents(String campaign) {
        List<Event> sent = new ArrayList<>();
        shop.store.scanEvents(e -> {
            if (e.type() == EventType.CAMPAIGN_SENT && campaign.equals(e.attributes().get("campaign"))) {
                sent.add(e);
            }
        });
        return sent;
    }

    @Test
    void membersWithoutConsentForTheChannelNeverEnterTheAudienceAndAreCounted() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        service.create(campaign("mail", Audience.all(), "email", 0, false, Delivery.FILE));
        CampaignRun run = run(service, "mail");
        assertEquals(16, run.matched());
        assertEquals(3, run.withoutConsent(), "sms-only, nobody, profiling");
        assertEquals(13, run.sent());
        Set<String> sent = outbox("mail-1.ndjson");
        assertFalse(sent.contains("sms-only") || sent.contains("nobody") || sent.contains("profiling"), sent.toString());
        assertEquals(13, sentEvents("mail").size());

        service.create(campaign("texts", Audience.all(), "sms", 0, false, Delivery.FILE));
        run(service, "texts");
        Set<String> texts = outbox("texts-1.ndjson");
        assertEquals(14, texts.size(), "members with consent for everything, and sms-only");
        assertTrue(texts.contains("sms-only") && !texts.contains("nobody") && !texts.contains("profiling"), texts.toString());

        // In-app needs the profiling consent: everyone but "nobody" has it.
        AudiencePreview inApp = service.preview(service.create(campaign("banner", Audience.all(), "in-app", 0, false,
                Delivery.FILE)).id(), 0, 100);
        assertEquals(1, inApp.withoutConsent());
        assertEquals(15, inApp.treated());

        // Consent withdrawn after the audience was built: the send checks again.
        service.create(campaign("late", Audience.all(), "email", 0, false, Delivery.FILE));
        shop.store.putMember(org.affinity.api.member.Member.of("uk1", shop.store.member("uk1").orElseThrow().attributes(),
                new Consent(false, false, false, true)));
        CampaignRun late = run(service, "late");
        assertFalse(outbox("late-1.ndjson").contains("uk1"));
        assertEquals(12, late.sent());
    }

    @Test
    void capsAndQuietHoursHoldAcrossTwoCampaigns() throws Exception {
        CampaignService service = shop.service(TestShop.config("caps", new String[] {"email=1/7d"}, "quietHours", "21:00-08:00"));
        shop.clock.set(MONDAY.plus(Duration.ofHours(4))); // 14:00 in London, 09:00 in New York: nobody's quiet hours
        service.create(campaign("first", Audience.rule("purchases >= 1"), "email", 0, false, Delivery.FILE));
        assertEquals(13, run(service, "first").sent());

        shop.clock.set(MONDAY.plus(Duration.ofHours(6)));
        service.create(campaign("second", Audience.rule("purchases >= 1"), "email", 0, false, Delivery.FILE));
        CampaignRun second = run(service, "second");
        assertEquals(0, second.sent());
        assertEquals(13, second.capped(), "one email per 7 days, across campaigns");

        // Transactional messages are neither capped nor held back by quiet hours.
        shop.clock.set(MONDAY.plus(Duration.ofHours(12))); // 22:00 in London
        service.create(campaign("receipt", Audience.rule("purchases >= 1"), "email", 0, true, Delivery.FILE));
        CampaignRun receipt = run(service, "receipt");
        assertEquals(13, receipt.sent(), receipt.toString());

        // A week later the cap allows one again; at 22:00 London is quiet, New York (17:00) is not.
        shop.clock.set(MONDAY.plus(Duration.ofDays(7)).plus(Duration.ofHours(12)));
        service.create(campaign("evening", Audience.rule("purchases >= 1"), "email", 0, false, Delivery.FILE));
        CampaignRun evening = run(service, "evening");
        assertEquals(1, evening.sent());
        assertEquals(Set.of("ny1"), outbox("evening-1.ndjson"));
        assertEquals(12, evening.deferred());
        Campaign paused = service.get("evening").orElseThrow();
        assertEquals(Campaign.State.PAUSED, paused.state());
        assertEquals(Instant.parse("2011-11-15T08:00:00Z"), paused.nextRun(), "when London's quiet hours end");

        shop.clock.set(Instant.parse("2011-11-15T07:59:00Z"));
        service.tick();
        assertTrue(service.get("evening").orElseThrow().lastRun().sent() == 1, "not before the quiet hours end");
        shop.clock.set(Instant.parse("2011-11-15T08:00:00Z"));
        service.tick();
        awaitState(service, "evening", Campaign.State.SENT);
        assertEquals(13, outbox("evening-1.ndjson").size());
        assertEquals(13, sentEvents("evening").size());
    }

    @Test
    void holdoutIsKeptOutAndReportedWithIntervals() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        service.create(campaign("xmas", Audience.rule("purchases >= 1"), "email", 0.5, false, Delivery.FILE));
        CampaignRun run = run(service, "xmas");
        Set<String> holdout = new HashSet<>();
        for (PlanEntry e : RunFolder.load(folder.resolve("runs/xmas/1")).plan()) {
            assertEquals(Draw.holdout("xmas", e.m(), 0.5), PlanEntry.HOLDOUT.equals(e.g()), e.m());
            if (PlanEntry.HOLDOUT.equals(e.g())) {
                holdout.add(e.m());
            }
        }
        assertEquals(holdout.size(), run.holdout());
        assertEquals(13, run.holdout() + run.treated());
        assertTrue(outbox("xmas-1.ndjson").stream().noneMatch(holdout::contains));

        // Two treated and one holdout member buy a Christmas item within the week; one treated buys tea (not the goal).
        List<String> treated = outbox("xmas-1.ndjson").stream().sorted().toList();
        String held = holdout.stream().sorted().findFirst().orElseThrow();
        shop.clock.set(MONDAY.plus(Duration.ofDays(1)));
        shop.purchase(treated.get(0), "x1", MONDAY.plus(Duration.ofHours(5)));
        shop.purchase(treated.get(1), "x2", MONDAY.plus(Duration.ofDays(3)));
        shop.purchase(treated.get(1), "x2", MONDAY.plus(Duration.ofDays(4)));
        shop.purchase(treated.get(2), "t1", MONDAY.plus(Duration.ofDays(2)));
        shop.purchase(held, "x1", MONDAY.plus(Duration.ofDays(6)));
        shop.purchase(treated.get(3), "x1", MONDAY.plus(Duration.ofDays(8))); // after the window

        CampaignReport interim = service.report("xmas").orElseThrow();
        assertFalse(interim.complete());
        assertTrue(interim.verdict().startsWith("interim"), interim.verdict());
        GroupResult variant = group(interim, "variant:a");
        GroupResult control = group(interim, "holdout");
        assertEquals(run.treated(), variant.members());
        assertEquals(2, variant.conversions());
        assertEquals(new java.math.BigDecimal("12.40"), variant.revenue(), "2.50 + 4.95 + 4.95");
        assertEquals(1, control.conversions());
        Comparison uplift = interim.comparisons().get(0);
        assertEquals("holdout", uplift.against());
        double z = Proportions.z(0.95);
        assertEquals(Proportions.newcombe(2, variant.members(), 1, control.members(), z), uplift.absoluteInterval());
        assertEquals(2.0 / variant.members() - 1.0 / control.members(), uplift.absoluteUplift(), 1e-12);

        shop.clock.set(MONDAY.plus(Duration.ofDays(7)));
        CampaignReport last = service.report("xmas").orElseThrow();
        assertTrue(last.complete(), "the goal window has closed");
        assertTrue(last.verdict().startsWith("final"), last.verdict());
        assertNull(last.winner(), "one variant: no winner to declare");
    }

    @Test
    void theGlobalControlGroupIsReachedByNoMarketingCampaignAndReported() throws Exception {
        CampaignService service = shop.service(TestShop.config("globalControl", 0.3, "globalControlSalt", "test"));
        service.create(campaign("promo", Audience.rule("purchases >= 1"), "email", 0, false, Delivery.FILE));
        CampaignRun run = run(service, "promo");
        Set<String> control = new HashSet<>();
        for (PlanEntry e : RunFolder.load(folder.resolve("runs/promo/1")).plan()) {
            assertEquals(Draw.globalControl("test", e.m(), 0.3), PlanEntry.GLOBAL_CONTROL.equals(e.g()), e.m());
            if (PlanEntry.GLOBAL_CONTROL.equals(e.g())) {
                control.add(e.m());
            }
        }
        assertTrue(!control.isEmpty() && control.size() < 13, control.toString());
        assertEquals(control.size(), run.globalControl());
        assertTrue(outbox("promo-1.ndjson").stream().noneMatch(control::contains));
        assertEquals(control.size(), group(service.report("promo").orElseThrow(), "global-control").members());

        service.create(campaign("receipt", Audience.rule("purchases >= 1"), "email", 0, true, Delivery.FILE));
        assertEquals(13, run(service, "receipt").sent(), "transactional messages reach the control group too");
    }

    private static GroupResult group(CampaignReport report, String name) {
        return report.groups().stream().filter(g -> g.group().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A crash between the hand-off and the ledger line, simulated in the process: the hand-off writes
     * the fifth member's message, then the send dies with an Error before anything else is written (as
     * a kill would leave it). A new service on the same folder (a restart) resumes the run: every member
     * is in the file once and has one campaign_sent event. The exported runtime is killed for real in
     * org.affinity.systest's CampaignCrashTest.
     */
    @Test
    void aCrashMidSendResumesWithoutSendingAnyoneTwice() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        int[] delivered = {0};
        service.handOffs = handOff -> new HandOff() {
            @Override
            public Set<String> delivered() throws java.io.IOException {
                return handOff.delivered();
            }

            @Override
            public void deliver(Message message) throws Refused, InterruptedException {
                handOff.deliver(message);
                if (++delivered[0] == 5) {
                    throw new Crash();
                }
            }

            @Override
            public void force() {
                handOff.force();
            }

            @Override
            public void close() throws java.io.IOException {
                handOff.close();
            }
        };
        service.create(campaign("crash", Audience.rule("purchases >= 1"), "email", 0.2, false, Delivery.FILE));
        JobStatus died = service.send("crash").await(Duration.ofSeconds(30));
        assertEquals(JobState.FAILED, died.state());
        assertEquals(5, outbox("crash-1.ndjson").size());
        assertEquals(4, RunFolder.load(folder.resolve("runs/crash/1")).outcomes().size(), "the fifth had no ledger line yet");
        shop.store.unlisten(service);

        CampaignService restarted = shop.service(TestShop.config());
        assertEquals(Campaign.State.SENDING, restarted.get("crash").orElseThrow().state());
        restarted.tick();
        awaitState(restarted, "crash", Campaign.State.SENT);
        CampaignRun run = restarted.get("crash").orElseThrow().lastRun();
        assertEquals(run.treated(), run.sent());
        assertEquals(run.treated(), outbox("crash-1.ndjson").size(), "each member exactly once");
        List<Event> events = sentEvents("crash");
        assertEquals(run.treated(), events.size());
        assertEquals(run.treated(), events.stream().map(Event::memberId).distinct().count());
    }

    /** What a kill leaves: nothing after the point it strikes. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void erasureLeavesNoTraceInAudiencesRendersOrReports() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        service.create(Campaign.define("csv", null, Audience.rule("purchases >= 1"), null, "email",
                Content.of("Hi", "Dear {{firstName|friend}},\nhello, \"you\""), Schedule.MANUAL, 0.3, false,
                new Delivery(Delivery.Kind.FILE, "csv", null, null)));
        run(service, "csv");
        List<PlanEntry> plan = RunFolder.load(folder.resolve("runs/csv/1")).plan();
        String treated = plan.stream().filter(PlanEntry::treated).findFirst().orElseThrow().m();
        String held = plan.stream().filter(e -> !e.treated()).findFirst().orElseThrow().m();
        Path file = folder.resolve("outbox/csv-1.csv");
        assertTrue(FileHandOff.members(file, true, 1).contains(treated));
        assertTrue(Files.readString(file).contains("\"Dear Ann"), "multi-line bodies are quoted");
        assertFalse(service.exportMember(treated).isEmpty());
        long membersBefore = service.report("csv").orElseThrow().groups().stream().mapToLong(GroupResult::members).sum();

        assertTrue(shop.store.erase(treated));
        assertTrue(shop.store.erase(held));

        RunFolder run = RunFolder.load(folder.resolve("runs/csv/1"));
        assertTrue(run.plan().stream().noneMatch(e -> e.m().equals(treated) || e.m().equals(held)));
        assertNull(run.outcome(treated));
        for (String name : List.of("plan.ndjson", "ledger.ndjson", "run.json")) {
            String text = Files.readString(folder.resolve("runs/csv/1").resolve(name));
            assertFalse(text.contains("\"" + treated + "\"") || text.contains("\"" + held + "\""), name + ": " + text);
        }
        assertFalse(FileHandOff.members(file, true, 1).contains(treated));
        assertFalse(Files.readString(file).contains(treated + ","), "no rendered message of the erased member");
        assertEquals(plan.size() - 2, run.state().treated() + run.state().holdout());
        CampaignReport report = service.report("csv").orElseThrow();
        assertEquals(membersBefore - 2, report.groups().stream().filter(g -> !g.group().equals("treated"))
                .mapToLong(GroupResult::members).sum());
        assertTrue(service.exportMember(treated).isEmpty());
        assertTrue(service.preview("csv", 0, 100).members().stream().noneMatch(m -> m.memberId().equals(treated)));
        // A new service reading the files back knows nothing of them either.
        shop.store.unlisten(service);
        assertTrue(shop.service(TestShop.config()).exportMember(held).isEmpty());
    }

    @Test
    void themeAudienceRanksMembersByTheirVectorAndVariantsFollowTheirThemes() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        Content content = new Content(List.of(new Variant("xmas", null, "Christmas is coming", "christmas tree decoration", null),
                new Variant("tea", null, "Tea time", "pink tea cup", null)), Content.Assignment.THEME, 0, null, null);
        service.create(Campaign.define("theme", null, Audience.theme("christmas decoration", 5, null), null, "email", content,
                Schedule.MANUAL, 0, false, Delivery.FILE));
        AudiencePreview preview = service.preview("theme", 0, 10);
        assertEquals(WordsModel.ID, preview.model());
        assertEquals(5, preview.treated());
        for (var member : preview.members()) {
            assertEquals("xmas", member.variant(), member.toString());
            assertTrue(member.reasons().get(0).startsWith("similarity "), member.reasons().toString());
        }
        // Members who bought the Christmas decoration (even positions of the purchase list) come first.
        assertTrue(preview.members().stream().allMatch(m -> Set.of("uk1", "uk3", "uk5", "uk7", "uk9", "uk11", "ny1")
                .contains(m.memberId())), preview.members().toString());

        service.create(Campaign.define("tea", null, Audience.theme("pink tea cup", null, 0.5), null, "email", content,
                Schedule.MANUAL, 0, false, Delivery.FILE));
        AudiencePreview tea = service.preview("tea", 0, 100);
        assertTrue(tea.members().stream().allMatch(m -> m.score() >= 0.5 && m.variant().equals("tea")), tea.toString());
        assertEquals(Set.of("uk2", "uk4", "uk6", "uk8", "uk10", "uk12"), new HashSet<>(tea.members().stream()
                .map(m -> m.memberId()).toList()));
        assertEquals(2, tea.withoutConsent(), "'profiling' and 'sms-only' bought tea but have no email consent");
    }

    @Test
    void definitionsAreCheckedAndEveryProblemNamed() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.create(Campaign.define("Bad Id",
                null, new Audience(Audience.Kind.THEME, null, null, null, " ", 0, 2.0, "contry == 'France'"), null, "fax",
                Content.of(null, "Hi {{frstName}}"), Schedule.MANUAL, 1.5, false, Delivery.webhook("ftp://x"))));
        String message = e.getMessage();
        for (String expected : List.of("id:", "channel:", "audience.theme:", "audience.size:", "audience.minSimilarity:",
                "audience.within: column 1: unknown field 'contry'", "content.variants[0].body: position 4", "holdout:",
                "delivery.url:")) {
            assertTrue(message.contains(expected), expected + " in " + message);
        }
        service.create(campaign("dup", Audience.all(), "email", 0, false, Delivery.FILE));
        assertThrows(IllegalArgumentException.class, () -> service.create(campaign("dup", Audience.all(), "email", 0, false,
                Delivery.FILE)));
    }

    @Test
    void recurringCampaignsSendAgainAndReEvaluateTheirAudience() throws Exception {
        CampaignService service = shop.service(TestShop.config());
        service.create(Campaign.define("weekly", null, Audience.rule("purchases >= 2"), null, "email",
                Content.of(null, "Hi"), new Schedule(Schedule.Kind.RECURRING, MONDAY, Duration.ofDays(7), null), 0, false,
                Delivery.FILE));
        assertEquals(Campaign.State.SCHEDULED, service.get("weekly").orElseThrow().state());
        service.tick();
        awaitState(service, "weekly", Campaign.State.SCHEDULED);
        Campaign afterFirst = service.get("weekly").orElseThrow();
        assertEquals(1, afterFirst.runs().size());
        assertEquals(0, afterFirst.lastRun().treated(), "nobody has two purchases yet");
        assertEquals(MONDAY.plus(Duration.ofDays(7)), afterFirst.nextRun());

        shop.purchase("uk1", "x2", MONDAY.plus(Duration.ofDays(1)));
        shop.settle();
        shop.clock.set(MONDAY.plus(Duration.ofDays(7)));
        service.tick();
        awaitRuns(service, "weekly", 2);
        awaitState(service, "weekly", Campaign.State.SCHEDULED);
        assertEquals(Set.of("uk1"), outbox("weekly-2.ndjson"));
        assertTrue(service.cancel("weekly"));
        assertEquals(Campaign.State.CANCELLED, service.get("weekly").orElseThrow().state());
        assertThrows(IllegalArgumentException.class, () -> service.send("weekly"));
    }

    static void awaitState(CampaignService service, String id, Campaign.State state) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.get(id).orElseThrow().state() != state) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " is " + service.get(id).orElseThrow().state() + ", not " + state + ": "
                        + service.get(id).orElseThrow().runs());
            }
            Thread.sleep(20);
        }
    }

    private static void awaitRuns(CampaignService service, String id, int runs) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.get(id).orElseThrow().runs().size() < runs
                || service.get(id).orElseThrow().lastRun().state() == Campaign.State.SENDING) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " has runs " + service.get(id).orElseThrow().runs());
            }
            Thread.sleep(20);
        }
        assertNotNull(service.get(id).orElseThrow().lastRun());
    }

    static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }
}
