package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.ingest.Importer;
import org.affinity.api.marketing.Campaigns;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profiles;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Campaigns in the running platform on the demo shop, over HTTP: the acceptance test of semantic
 * targeting on history, a theme campaign from creation to report, consent, and the 503 that names
 * the marketing bundle while it is stopped.
 */
class MarketingIT {

    /** Christmas items are recognisable by their titles. */
    private static final String CHRISTMAS_GOAL = "{\"event\":\"purchase\",\"days\":30,\"titleTerms\":[\"christmas\",\"xmas\"]}";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @BeforeAll
    static void demo(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer, @InjectService(timeout = 10000) Profiles profiles,
            @InjectService(timeout = 10000) Campaigns campaigns) throws Exception {
        DemoShop.ensure(context, store, importer);
        profiles.refreshPopulation();
    }

    /**
     * The acceptance test: a Christmas campaign decided on 2011-10-01, semantic theme over active members
     * (RFM + theme: "cosy Christmas home decorations" within rfm.r >= 3, the 1,000 closest), beats random
     * targeting of the same size by a margin chance does not produce. The margin: the lower end of the
     * lift's 95% interval (the Wilson interval of the targeted precision over the base rate) lies above
     * the 97.5th percentile of 400 A/A runs (the lift of random audiences of the same size), i.e. above
     * what chance reaches in 39 of 40 tries. The A/A runs also check the interval's false-positive rate
     * (two random audiences: the Newcombe interval excludes 0 in at most 10% of runs; it is conservative
     * for audiences that are a large share of the members, see the README).
     *
     * <p>The theme alone ranks the members better than random (Qini well above 0) but its head is one-off
     * Christmas 2010 buyers who had lapsed (a unit-length taste vector forgets how long ago the taste
     * was shown): at 500 its lift interval reaches into chance (`./affinity bench marketing`), so this
     * test asserts only its ranking.
     */
    @Test
    void semanticTargetingBeatsRandomTargetingOnHistoryByAMarginChanceDoesNotReach() throws Exception {
        JsonNode report = simulate("{\"at\":\"2011-10-01T00:00:00Z\",\"audience\":{\"kind\":\"theme\","
                + "\"theme\":\"cosy Christmas home decorations\",\"size\":1000,\"within\":\"rfm.r >= 3\"},\"goal\":"
                + CHRISTMAS_GOAL + ",\"aaRuns\":400}");
        String what = report.toString();
        assertEquals("all-minilm-l6-v2-q", report.get("model").asText(), what);
        assertEquals(1000, report.at("/targeted/members").asInt(), what);
        assertTrue(report.get("eligible").asInt() > 3000, what);
        assertTrue(report.at("/liftInterval/lower").asDouble() > report.at("/aa/liftP975").asDouble(), what);
        assertTrue(report.at("/targeted/precision").asDouble() > report.at("/random/precision").asDouble(), what);
        assertTrue(report.at("/aa/falsePositiveRate").asDouble() <= 0.10, what);
        assertTrue(report.get("notes").get(0).asText().startsWith("Targeting precision, not causal uplift"), what);

        JsonNode theme = simulate("{\"at\":\"2011-10-01T00:00:00Z\",\"audience\":{\"kind\":\"theme\","
                + "\"theme\":\"cosy Christmas home decorations\",\"size\":500},\"goal\":" + CHRISTMAS_GOAL + ",\"aaRuns\":0}");
        assertTrue(theme.get("qini").asDouble() > 0.05, theme.toString());
        assertTrue(report.get("qini").asDouble() > theme.get("qini").asDouble(), "RFM + theme ranks better: " + what);
    }

    private JsonNode simulate(String request) throws Exception {
        HttpResponse<String> started = Http.post(http, "/api/campaigns/simulate", "application/json", request);
        assertEquals(202, started.statusCode(), started.body());
        return awaitJob(Http.json(started).get("id").asText()).get("result");
    }

    private JsonNode awaitJob(String id) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            JsonNode job = Http.json(Http.get(http, "/api/jobs/" + id));
            String state = job.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                return job;
            }
            assertFalse(state.equals("FAILED") || state.equals("CANCELLED"), job.toString());
            assertTrue(System.nanoTime() < end, "job " + id + " still " + state);
            Thread.sleep(200);
        }
    }

    /**
     * A theme campaign over HTTP: refused with every wrong field named, created, previewed (with the
     * model and why each member is in), sent as a job to a file, reported. A member who bought Christmas
     * items but gave no email consent is counted and never reached. Transactional, so that the quiet
     * hours of the moment the test runs cannot hold it back (caps and quiet hours: CampaignServiceTest).
     */
    @Test
    void aThemeCampaignFromDefinitionToReport() throws Exception {
        // Within the demo's time span: a purchase dated today would move the RFM reference date and the
        // trending strategy's clock for every other test of the run.
        Instant bought = Instant.parse("2011-12-01T12:00:00Z");
        store.putMember(Member.of("it-no-email", Map.of("country", "United Kingdom"), new Consent(false, false, false, true)));
        List<Event> events = new ArrayList<>();
        for (String item : List.of("22086", "22910", "22578", "21733")) {
            events.add(new Event("it-no-email-" + item, EventType.PURCHASE, "it-no-email", item, 6, new BigDecimal("2.95"), null,
                    bought, Map.of()));
        }
        store.append(events);
        store.awaitListeners(Duration.ofMinutes(1));
        try {
            themeCampaign();
        } finally {
            // Other tests count the demo's buyers: the member goes again (and erasure is exercised).
            store.erase("it-no-email");
        }
    }

    private void themeCampaign() throws Exception {

        HttpResponse<String> bad = Http.post(http, "/api/campaigns", "application/json",
                "{\"id\":\"Bad Id\",\"audience\":{\"kind\":\"theme\"},\"channel\":\"fax\",\"content\":{\"variants\":"
                        + "[{\"id\":\"a\",\"body\":\"Hi {{frstName}}\"}]},\"holdout\":2}");
        assertEquals(400, bad.statusCode(), bad.body());
        for (String field : List.of("id:", "channel:", "audience.theme:", "content.variants[0].body: position 4", "holdout:")) {
            assertTrue(bad.body().contains(field), field + " in " + bad.body());
        }
        HttpResponse<String> unknownField = Http.post(http, "/api/campaigns", "application/json",
                "{\"audience\":{\"kind\":\"all\",\"sise\":3},\"content\":{\"variants\":[{\"id\":\"a\",\"body\":\"x\"}]}}");
        assertEquals(400, unknownField.statusCode(), unknownField.body());
        assertTrue(unknownField.body().contains("unknown field 'audience.sise'"), unknownField.body());

        String definition = "{\"id\":\"it-xmas\",\"name\":\"Christmas decorations\",\"channel\":\"email\","
                + "\"audience\":{\"kind\":\"theme\",\"theme\":\"christmas decorations\",\"minSimilarity\":0.5},"
                + "\"goal\":" + CHRISTMAS_GOAL + ",\"holdout\":0.1,\"transactional\":true,"
                + "\"content\":{\"variants\":[{\"id\":\"a\",\"subject\":\"{{firstName|Hello}}, Christmas is coming\","
                + "\"body\":\"Until {{date+7}}:{{#items}} {{title}} {{price}};{{/items}}\"}],\"recommendations\":3},"
                + "\"delivery\":{\"kind\":\"file\",\"format\":\"ndjson\",\"file\":\"it-xmas.ndjson\"}}";
        HttpResponse<String> created = Http.post(http, "/api/campaigns", "application/json", definition);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("DRAFT", Http.json(created).get("state").asText());
        assertTrue(Http.get(http, "/api/campaigns").body().contains("\"it-xmas\""));

        JsonNode preview = awaitVectors();
        assertEquals("all-minilm-l6-v2-q", preview.get("model").asText(), preview.toString());
        assertTrue(preview.get("treated").asInt() > 10, preview.toString());
        assertTrue(preview.get("withoutConsent").asInt() >= 1, "it-no-email: " + preview);
        JsonNode first = preview.get("members").get(0);
        assertTrue(first.get("score").asDouble() >= 0.5, first.toString());
        assertTrue(first.get("reasons").get(0).asText().startsWith("similarity "), first.toString());
        preview.get("members").forEach(m -> assertFalse(m.get("memberId").asText().equals("it-no-email"), m.toString()));

        HttpResponse<String> send = Http.post(http, "/api/campaigns/it-xmas/send", "application/json", "");
        assertEquals(202, send.statusCode(), send.body());
        JsonNode run = awaitJob(Http.json(send).get("id").asText()).get("result");
        assertEquals("SENT", run.get("state").asText(), run.toString());
        assertEquals(run.get("treated").asInt(), run.get("sent").asInt(), run.toString());
        Path outbox = Path.of(context.getProperty("affinity.data"), "marketing", "outbox", "it-xmas.ndjson");
        List<String> lines = Files.readAllLines(outbox);
        assertEquals(run.get("sent").asInt(), lines.size());
        JsonNode message = Http.JSON.readTree(lines.get(0));
        assertTrue(message.get("body").asText().contains("£"), "prices in pounds: " + message);
        assertEquals(3, message.get("items").size(), message.toString());
        assertFalse(String.join("\n", lines).contains("\"it-no-email\""));

        JsonNode report = Http.json(Http.get(http, "/api/campaigns/it-xmas/report"));
        assertFalse(report.get("complete").asBoolean(), "the 30-day window is open");
        assertTrue(report.get("verdict").asText().startsWith("interim"), report.toString());
        assertEquals("holdout", report.at("/comparisons/0/against").asText(), report.toString());
        assertEquals(404, Http.get(http, "/api/campaigns/no-such/report").statusCode());
    }

    /** Theme audiences need member vectors, which the profiles make in the background after the import. */
    private JsonNode awaitVectors() throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            HttpResponse<String> preview = Http.get(http, "/api/campaigns/it-xmas/audience?limit=20");
            if (preview.statusCode() == 200) {
                return Http.json(preview);
            }
            assertEquals(503, preview.statusCode(), preview.body());
            assertTrue(System.nanoTime() < end, preview.body());
            Thread.sleep(500);
        }
    }

    @Test
    void whileTheMarketingBundleIsStoppedTheApiSaysSo() throws Exception {
        Bundle marketing = java.util.Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("org.affinity.marketing")).findFirst().orElseThrow();
        marketing.stop();
        try {
            HttpResponse<String> response = Http.get(http, "/api/campaigns");
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("org.affinity.marketing"), response.body());
        } finally {
            marketing.start();
        }
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Http.get(http, "/api/campaigns").statusCode() != 200) {
            assertTrue(System.nanoTime() < end, "campaigns back after a start");
            Thread.sleep(100);
        }
    }
}
