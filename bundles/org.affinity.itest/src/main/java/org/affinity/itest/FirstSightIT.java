package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.affinity.api.job.Jobs;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Events about members and items the store has not seen create them (issue 15): the member with the
 * consent the ingestion setting gives (none by default), the item as a stub the catalogue fills.
 */
class FirstSightIT {

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @InjectService(timeout = 10000)
    Jobs jobs;

    @InjectService(timeout = 10000)
    ConfigurationAdmin configurations;

    @InjectService(timeout = 10000)
    ServiceComponentRuntime components;

    @Test
    void anEventForUnknownX1AndI1CreatesBothAndTheCatalogueFillsTheStub() throws Exception {
        JsonNode before = Http.json(Http.get(http, "/api/store"));
        HttpResponse<String> posted = Http.post(http, "/api/events", "application/json",
                "{\"id\":\"fs-e1\",\"type\":\"view\",\"member\":\"x1\",\"item\":\"i1\",\"time\":\"2011-06-01T10:00:00Z\"}");
        assertEquals(200, posted.statusCode(), posted.body());
        JsonNode after = Http.json(Http.get(http, "/api/store"));
        assertEquals(before.get("members").asLong() + 1, after.get("members").asLong(), after.toString());
        assertEquals(before.get("items").asLong() + 1, after.get("items").asLong(), after.toString());

        HttpResponse<String> member = Http.get(http, "/api/members/x1");
        assertEquals(200, member.statusCode(), member.body());
        JsonNode consent = Http.json(member).get("consent");
        assertFalse(consent.get("profiling").asBoolean(), "no consent unless the setting gives it: " + consent);
        assertFalse(consent.get("marketingEmail").asBoolean(), consent.toString());
        assertEquals("fs-e1", Http.json(Http.get(http, "/api/members/x1/events")).get("events").get(0).get("id").asText());
        assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
        HttpResponse<String> profile = Http.get(http, "/api/members/x1/profile");
        assertEquals(404, profile.statusCode(), "the profile waits for profiling consent: " + profile.body());

        JsonNode stub = Http.json(Http.get(http, "/api/items/i1"));
        assertEquals("", stub.get("title").asText(), stub.toString());
        assertFalse(stub.get("available").asBoolean(), stub.toString());
        assertEquals(200, Http.put(http, "/api/items/i1",
                "{\"title\":\"Paper Chain Kit\",\"categories\":[\"Christmas\"],\"price\":2.55}").statusCode());
        Http.post(http, "/api/events", "application/json",
                "{\"id\":\"fs-e2\",\"type\":\"view\",\"member\":\"x1b\",\"item\":\"i1\",\"time\":\"2011-06-01T10:05:00Z\"}");
        JsonNode filled = Http.json(Http.get(http, "/api/items/i1"));
        assertEquals("Paper Chain Kit", filled.get("title").asText(), "a later event leaves the real item alone");
        assertEquals("Christmas", filled.get("categories").get(0).asText());
        assertTrue(filled.get("available").asBoolean());

        JsonNode export = Http.json(Http.get(http, "/api/members/x1/export"));
        assertEquals("x1", export.get("member").get("id").asText(), export.toString());
        assertEquals(200, Http.delete(http, "/api/members/x1").statusCode());
        assertEquals(200, Http.delete(http, "/api/members/x1b").statusCode());
        assertEquals(404, Http.get(http, "/api/members/x1").statusCode());
        assertEquals(0, Http.json(Http.get(http, "/api/members/x1/events")).get("events").size());
        assertEquals(before.get("members").asLong(), Http.json(Http.get(http, "/api/store")).get("members").asLong());
    }

    @Test
    void anNdjsonEventImportWithConsentAllCreatesMembersThatAreProfiled() throws Exception {
        String ndjson = "{\"id\":\"fs-e3\",\"type\":\"purchase\",\"member\":\"x2\",\"item\":\"i2\",\"quantity\":1,\"price\":4.5,"
                + "\"time\":\"2011-06-01T10:00:00Z\"}\n";
        HttpResponse<String> started = Http.post(http, "/api/imports?consent=all", "application/x-ndjson",
                ndjson.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, started.statusCode(), started.body());
        jobs.get(Http.json(started).get("id").asText()).orElseThrow().await(Duration.ofSeconds(30));
        try {
            JsonNode member = Http.json(Http.get(http, "/api/members/x2"));
            assertTrue(member.get("consent").get("profiling").asBoolean(), member.toString());
            assertTrue(member.get("consent").get("marketingEmail").asBoolean(), member.toString());
            assertTrue(store.item("i2").isPresent());
            HttpResponse<String> profile = awaitProfile("x2");
            assertEquals(200, profile.statusCode(), profile.body());
            assertEquals(1, Http.json(profile).get("profile").get("rfm").get("frequency").asInt(), profile.body());
        } finally {
            assertEquals(200, Http.delete(http, "/api/members/x2").statusCode());
        }
    }

    @Test
    void theIngestionSettingGivesConsentToMembersFirstSeenThroughTheApi() throws Exception {
        Configuration configuration = configurations.getConfiguration("org.affinity.ingest", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("newMemberConsent", new String[] {"profiling"});
        configuration.update(properties);
        try {
            awaitIngestionConfigured();
            HttpResponse<String> posted = Http.post(http, "/api/events", "application/json",
                    "{\"id\":\"fs-e4\",\"type\":\"purchase\",\"member\":\"x3\",\"item\":\"i3\",\"quantity\":2,\"price\":1.5,"
                            + "\"time\":\"2011-06-01T10:00:00Z\"}");
            assertEquals(200, posted.statusCode(), posted.body());
            JsonNode consent = Http.json(Http.get(http, "/api/members/x3")).get("consent");
            assertTrue(consent.get("profiling").asBoolean(), consent.toString());
            assertFalse(consent.get("marketingEmail").asBoolean(), "only what the setting names: " + consent);
            HttpResponse<String> profile = awaitProfile("x3");
            assertEquals(200, profile.statusCode(), profile.body());
        } finally {
            configuration.delete();
            Http.delete(http, "/api/members/x3");
        }
    }

    /** The profile of a member, once the profiles have heard of their events (or after 10 s). */
    private HttpResponse<String> awaitProfile(String member) throws Exception {
        assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
        HttpResponse<String> profile = Http.get(http, "/api/members/" + member + "/profile");
        for (int i = 0; i < 100 && profile.statusCode() != 200; i++) {
            Thread.sleep(100);
            profile = Http.get(http, "/api/members/" + member + "/profile");
        }
        return profile;
    }

    /** Configuration reaches components asynchronously: wait until the ingestion component has it. */
    private void awaitIngestionConfigured() throws Exception {
        for (int i = 0; i < 200; i++) {
            for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
                if (description.name.equals("org.affinity.ingest.internal.RecordIngestion")) {
                    for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                        if (configuration.properties.get("newMemberConsent") != null
                                && configuration.state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("org.affinity.ingest did not reach the ingestion component");
    }
}
