package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.affinity.api.ingest.Importer;
import org.affinity.api.job.JobState;
import org.affinity.api.job.Jobs;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.Profiles;
import org.affinity.api.store.Store;
import org.affinity.api.vector.VectorIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Profiles inside Felix on the demo shop: built event by event while it is imported, served over
 * REST with their explanation, member vectors from the real model in the "members" collection,
 * segments defined and validated over REST, erasure, and a rebuild job.
 */
class ProfilesIT {

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @InjectService(timeout = 10000)
    Profiles profiles;

    @InjectService(timeout = 10000)
    VectorIndex vectors;

    @InjectService(timeout = 10000)
    Jobs jobs;

    @BeforeAll
    static void demo(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer, @InjectService(timeout = 10000) Profiles profiles)
            throws Exception {
        DemoShop.ensure(context, store, importer);
        profiles.refreshPopulation();
    }

    @Test
    void theDemoShopIsProfiledAndServedWithItsExplanation() throws Exception {
        JsonNode stats = Http.json(Http.post(http, "/api/profiles/refresh", "application/json", "{}"));
        assertEquals("2011-12-10", stats.get("referenceDate").asText());
        assertEquals(4_335, stats.get("members").asInt());
        assertEquals(1_113, stats.get("rfmSegments").get("Champions").asInt(), stats.toString());

        HttpResponse<String> response = Http.get(http, "/api/members/12347/profile");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        assertEquals("Champions", body.get("profile").get("rfm").get("segment").asText());
        assertEquals("Iceland", body.get("profile").get("features").get("country").asText());
        assertTrue(body.get("explanation").get("items").size() > 0);
        assertTrue(body.get("segments").toString().contains("rfm-champions"), body.toString());
        assertEquals(404, Http.get(http, "/api/members/nobody/profile").statusCode());
    }

    @Test
    void memberVectorsComeFromTheRealModelAndAnswerSimilarMembers() throws Exception {
        Optional<float[]> vector = Optional.empty();
        for (int i = 0; i < 600 && vector.isEmpty(); i++) { // the model embeds ~3,900 item titles first
            vector = vectors.existing("members").flatMap(c -> c.get("12347")).map(e -> e.vector());
            Thread.sleep(500);
        }
        assertTrue(vector.isPresent(), "12347's vector reached the members collection");
        assertEquals(384, vector.get().length);
        JsonNode similar = Http.json(Http.get(http, "/api/members/12347/similar?count=5"));
        assertEquals(5, similar.get("similar").size(), similar.toString());
        for (JsonNode hit : similar.get("similar")) {
            assertFalse(hit.get("memberId").asText().equals("12347"), "a member is not similar to themself");
        }
        assertEquals(400, Http.get(http, "/api/members/12347/similar?count=0").statusCode());
    }

    @Test
    void segmentsAreDefinedAndValidatedOverRest() throws Exception {
        HttpResponse<String> created = Http.post(http, "/api/segments", "application/json",
                "{\"id\":\"uk-xmas-risk\",\"name\":\"UK Christmas shoppers at risk\",\"kind\":\"rule\",\"definition\":"
                        + "\"rfm.segment in ('At Risk','Cant Lose Them') and affinity('christmas') > 0.1 and country == 'United Kingdom'\"}");
        assertEquals(201, created.statusCode(), created.body());
        int size = Http.json(created).get("size").asInt();
        assertTrue(size > 10, created.body());
        JsonNode page = Http.json(Http.get(http, "/api/segments/uk-xmas-risk/members?limit=5"));
        assertEquals(5, page.get("members").size());
        assertEquals(size, page.get("size").asInt());

        HttpResponse<String> bad = Http.post(http, "/api/segments", "application/json",
                "{\"id\":\"bad\",\"kind\":\"rule\",\"definition\":\"contry == 'France'\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(Http.json(bad).get("detail").asText().contains("column 1: unknown field 'contry'; did you mean 'country'?"),
                bad.body());
        JsonNode all = Http.json(Http.get(http, "/api/segments"));
        assertEquals(12, all.get("segments").size(), "11 RFM segments and the rule");
        assertEquals(200, Http.delete(http, "/api/segments/uk-xmas-risk").statusCode());
    }

    @Test
    void erasingAMemberRemovesTheirProfileAndVector() throws Exception {
        Http.put(http, "/api/members/it-profiled", "{\"country\":\"France\",\"consent\":{\"profiling\":true}}");
        Http.post(http, "/api/events", "application/json",
                "[{\"type\":\"purchase\",\"member\":\"it-profiled\",\"item\":\"22086\",\"quantity\":2,\"price\":2.55,"
                        + "\"time\":\"2011-12-01T10:00:00Z\"},{\"type\":\"search\",\"member\":\"it-profiled\","
                        + "\"text\":\"christmas paper chains\",\"time\":\"2011-12-02T10:00:00Z\"}]");
        assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
        Profile profile = profiles.profile("it-profiled").orElseThrow();
        assertEquals("christmas", profile.keywordAffinities().keySet().iterator().next(), profile.toString());
        for (int i = 0; i < 100 && vectors.existing("members").flatMap(c -> c.get("it-profiled")).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertTrue(vectors.existing("members").flatMap(c -> c.get("it-profiled")).isPresent());

        assertEquals(200, Http.delete(http, "/api/members/it-profiled").statusCode());
        assertTrue(profiles.profile("it-profiled").isEmpty());
        assertTrue(vectors.existing("members").flatMap(c -> c.get("it-profiled")).isEmpty());
        assertEquals(404, Http.get(http, "/api/members/it-profiled/profile").statusCode());
    }

    @Test
    void aRebuildJobGivesTheSameProfiles() throws Exception {
        Profile before = profiles.profile("12347").orElseThrow();
        HttpResponse<String> started = Http.post(http, "/api/profiles/rebuild", "application/json", "{}");
        assertEquals(202, started.statusCode(), started.body());
        String id = Http.json(started).get("id").asText();
        assertEquals(JobState.SUCCEEDED, jobs.get(id).orElseThrow().await(Duration.ofMinutes(10)).state(),
                jobs.get(id).orElseThrow().status().progressLine());
        Profile after = profiles.profile("12347").orElseThrow();
        assertEquals(before.rfm(), after.rfm());
        assertEquals(before.features(), after.features());
        assertEquals(before.keywordAffinities().keySet(), after.keywordAffinities().keySet());
    }
}
