package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.event.Event;
import org.affinity.api.job.Jobs;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/** Members, items and events through the REST API into the real store, bad input, and erasure. */
class IngestionIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @InjectService(timeout = 10000)
    Jobs jobs;

    private static final String EVENT = "{\"id\":\"it-e1\",\"type\":\"purchase\",\"member\":\"it-m1\",\"item\":\"it-i1\","
            + "\"quantity\":2,\"price\":3.5,\"time\":\"2011-06-01T10:00:00Z\"}";

    @Test
    void eventsAreStoredOnceAndDuplicatesCounted() throws Exception {
        JsonNode first = Http.json(Http.post(http, "/api/events", "application/json", EVENT));
        assertEquals(1, first.get("accepted").asInt());
        HttpResponse<String> again = Http.post(http, "/api/events", "application/json", "[" + EVENT + "]");
        assertEquals(200, again.statusCode());
        assertEquals(0, Http.json(again).get("accepted").asInt());
        assertEquals(1, Http.json(again).get("duplicates").asInt());
        assertEquals(1, store.events("it-m1").size());
    }

    @Test
    void aBadLineIsNamedWhileTheValidLinesOfTheSameBodyAreKept() throws Exception {
        String ndjson = "{\"type\":\"view\",\"member\":\"it-m2\",\"item\":\"a\",\"time\":\"2011-06-01T10:00:00Z\"}\n"
                + "{\"type\":\"purchase\",\"member\":\"it-m2\",\"item\":\"b\",\"quantity\":-1}\n"
                + "{\"type\":\"teleport\",\"member\":\"it-m2\"}\n"
                + "{\"type\":\"cart\",\"member\":\"it-m2\",\"item\":\"c\",\"time\":\"2011-06-01T10:01:00Z\"}\n";
        HttpResponse<String> response = Http.post(http, "/api/events", "application/x-ndjson", ndjson);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        assertEquals(2, body.get("accepted").asInt());
        assertEquals(2, body.get("rejected").size());
        assertEquals(2, body.get("rejected").get(0).get("line").asInt());
        assertEquals("quantity", body.get("rejected").get(0).get("field").asText());
        assertEquals("must not be negative, was -1", body.get("rejected").get(0).get("reason").asText());
        assertEquals(3, body.get("rejected").get(1).get("line").asInt());
        assertEquals("type", body.get("rejected").get(1).get("field").asText());
        assertEquals(2, store.events("it-m2").size());
    }

    @Test
    void malformedJsonAndOversizeBodiesAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> malformed = Http.post(http, "/api/events", "application/json", "{\"type\": \"view\", \"member\": }");
        assertEquals(400, malformed.statusCode());
        assertTrue(Http.json(malformed).get("detail").asText().startsWith("malformed JSON at line 1, column"), malformed.body());

        byte[] huge = new byte[33 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        HttpResponse<String> tooLarge = Http.post(http, "/api/events", "application/json", huge);
        assertEquals(413, tooLarge.statusCode());
        assertTrue(Http.json(tooLarge).get("detail").asText().contains("larger than 32 MiB"), tooLarge.body());
    }

    @Test
    void itemsAndMembersArePutAndReadBack() throws Exception {
        HttpResponse<String> put = Http.put(http, "/api/items/it-lantern",
                "{\"title\":\"White Metal Lantern\",\"price\":3.39,\"currency\":\"GBP\",\"categories\":[\"Home/Lights\"]}");
        assertEquals(200, put.statusCode(), put.body());
        JsonNode item = Http.json(Http.get(http, "/api/items/it-lantern"));
        assertEquals("White Metal Lantern", item.get("title").asText());
        assertEquals(3.39, item.get("price").asDouble());

        HttpResponse<String> bad = Http.put(http, "/api/items/it-lantern", "{\"title\":\"x\",\"price\":\"cheap\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("price", Http.json(bad).get("errors").get(0).get("field").asText());
        assertEquals(404, Http.get(http, "/api/items/none-such").statusCode());

        HttpResponse<String> member = Http.put(http, "/api/members/it-m3",
                "{\"country\":\"France\",\"consent\":{\"email\":true}}");
        assertEquals(200, member.statusCode(), member.body());
        JsonNode stored = Http.json(Http.get(http, "/api/members/it-m3"));
        assertEquals("France", stored.get("attributes").get("country").asText());
        assertTrue(stored.get("consent").get("marketingEmail").asBoolean());
    }

    @Test
    void erasingAMemberLeavesNoTraceInTheStoreOrInAnyBundleThatDerivedData() throws Exception {
        Map<String, String> derived = new ConcurrentHashMap<>();
        StoreListener deriving = new StoreListener() {
            @Override
            public void eventsAppended(java.util.List<Event> events) {
                events.forEach(e -> derived.put(e.memberId(), "profile of " + e.memberId()));
            }

            @Override
            public void memberErased(String memberId) {
                derived.remove(memberId);
            }

            @Override
            public Map<String, Object> exportMember(String memberId) {
                return derived.containsKey(memberId) ? Map.of("test-profile", derived.get(memberId)) : Map.of();
            }
        };
        ServiceRegistration<StoreListener> registration = context.registerService(StoreListener.class, deriving, new Hashtable<>());
        try {
            Http.put(http, "/api/members/it-gone", "{\"country\":\"Spain\"}");
            Http.post(http, "/api/events", "application/json", "{\"type\":\"purchase\",\"member\":\"it-gone\","
                    + "\"item\":\"x\",\"quantity\":1,\"time\":\"2011-06-01T10:00:00Z\"}");
            assertTrue(store.awaitListeners(Duration.ofSeconds(10)));
            JsonNode export = Http.json(Http.get(http, "/api/members/it-gone/export"));
            assertEquals("it-gone", export.get("member").get("id").asText());
            assertEquals(1, export.get("events").size());
            assertEquals("profile of it-gone", export.get("derived").get("test-profile").asText());

            HttpResponse<String> erased = Http.delete(http, "/api/members/it-gone");
            assertEquals(200, erased.statusCode(), erased.body());

            assertFalse(derived.containsKey("it-gone"), "the deriving bundle dropped its data before DELETE answered");
            assertEquals(404, Http.get(http, "/api/members/it-gone").statusCode());
            assertEquals(404, Http.get(http, "/api/members/it-gone/export").statusCode(), "no bundle holds anything");
            assertEquals(0, Http.json(Http.get(http, "/api/members/it-gone/events")).get("events").size());
            assertTrue(store.export("it-gone").isEmpty());
            assertEquals(404, Http.delete(http, "/api/members/it-gone").statusCode());
        } finally {
            registration.unregister();
        }
    }

    @Test
    void aFileUploadedToImportsRunsAsAJobWithAReport() throws Exception {
        String csv = "OrderId,Customer,Sku,Qty,When,Name\n"
                + "o1,c1,s1,2,2011-03-01 10:00,RED MUG\n"
                + "o1,c1,s2,1,2011-03-01 10:00,BLUE PLATE\n"
                + "o2,c2,s1,x,2011-03-02 11:00,RED MUG\n";
        HttpResponse<String> started = Http.post(http,
                "/api/imports?map=member=Customer,item=Sku,quantity=Qty,time=When,type='purchase',"
                        + "attributes.order=OrderId,item.title=Name&zone=Europe/London",
                "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, started.statusCode(), started.body());
        String id = Http.json(started).get("id").asText();
        assertEquals("/api/jobs/" + id, started.headers().firstValue("Location").orElse(""));
        jobs.get(id).orElseThrow().await(Duration.ofSeconds(30));
        JsonNode job = Http.json(Http.get(http, "/api/jobs/" + id));
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        JsonNode report = job.get("result");
        assertEquals(3, report.get("read").asInt());
        assertEquals(2, report.get("imported").asInt());
        assertEquals(1, report.get("rejected").asInt());
        assertEquals(4, report.get("rejections").get(0).get("line").asInt());
        assertEquals("quantity", report.get("rejections").get(0).get("field").asText());
        assertEquals("Red Mug", store.item("s1").orElseThrow().title());

        HttpResponse<String> wrong = Http.post(http, "/api/imports?map=member=Nobody", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, wrong.statusCode());
        assertTrue(Http.json(wrong).get("detail").asText().contains("has no column Nobody"), wrong.body());
    }
}
