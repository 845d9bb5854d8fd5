package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.store.Store;
import org.affinity.api.vector.VectorIndex;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Catalogue search on real data inside Felix: the first 6,000 lines of the Online Retail file (the
 * demo bundle's copy: ~1,700 items) and the Luma catalogue (configurable products and bags) go
 * through the real importer; every item is embedded by the default model as the store announces it;
 * searches and similar items go through REST.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchIT {

    private static final int RETAIL_LINES = 6000;
    private static boolean imported;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @InjectService(timeout = 10000)
    Importer importer;

    /** Waited for at the start; {@link #awaitReady} looks up the current one (a test restarts the bundle). */
    @InjectService(timeout = 30000)
    CatalogSearch search;

    @InjectService(timeout = 30000)
    EmbeddingModel model;

    @InjectService(timeout = 10000)
    VectorIndex vectors;

    @Test
    @Order(1)
    void christmasDecorationsAndLightsFindChristmasItems() throws Exception {
        importOnce();
        List<String> decorations = titles(search("christmas decoration", 10, ""));
        assertEquals(10, decorations.size());
        assertTrue(count(decorations, "christmas", "xmas", "santa", "reindeer", "bauble", "snowflake", "tree", "star", "angel",
                "nativity") >= 8, decorations.toString());

        List<String> lights = titles(search("christmas lights", 5, ""));
        assertTrue(count(lights, "light") >= 3, lights.toString());

        List<String> mugs = titles(search("coffee mug", 10, ""));
        assertTrue(count(mugs, "mug", "cup", "beaker") >= 8, mugs.toString());
    }

    @Test
    @Order(2)
    void similarItemsAreOfTheSameKind() throws Exception {
        importOnce();
        JsonNode body = Http.json(get("/api/items/21844/similar?n=10"));   // RED RETROSPOT MUG
        assertEquals("21844", body.get("item").asText());
        List<String> titles = titles(body);
        assertEquals(10, titles.size());
        assertTrue(count(titles, "mug", "cup", "beaker") >= 7, titles.toString());
        for (JsonNode hit : body.get("hits")) {
            assertFalse(hit.get("itemId").asText().equals("21844"), "never the item itself");
        }

        JsonNode jackets = Http.json(get("/api/items/MJ01/similar?n=5&category=Men"));   // Beaumont Summit Kit
        for (JsonNode hit : jackets.get("hits")) {
            assertTrue(hit.get("categories").toString().contains("Men/"), hit.toString());
        }
        assertTrue(count(titles(jackets), "jacket", "shell", "coat", "parka", "hoodie", "pullover", "kit") >= 4, jackets.toString());
    }

    @Test
    @Order(3)
    void filtersAndLumaDescriptions() throws Exception {
        importOnce();
        JsonNode bags = search("bag for the gym with a shoulder strap", 5, "&category=Gear/Bags");
        assertEquals(5, bags.get("hits").size());
        for (JsonNode hit : bags.get("hits")) {
            assertTrue(hit.get("categories").toString().contains("Gear/Bags"), hit.toString());
        }
        JsonNode women = search("yoga pants", 5, "&category=Women&available=true&maxPrice=100");
        for (JsonNode hit : women.get("hits")) {
            assertTrue(hit.get("categories").toString().contains("Women/"), hit.toString());
            assertTrue(hit.get("available").asBoolean());
            assertTrue(hit.get("price").asDouble() <= 100);
        }
        assertTrue(count(titles(women), "pant", "legging", "tight", "capri", "short") >= 3, women.toString());
    }

    @Test
    @Order(4)
    void updatesAndAvailabilityAreVisibleSoon() throws Exception {
        importOnce();
        put("it-cosy", "Felted Reindeer Egg Cosy", true);
        awaitReady();
        assertEquals("it-cosy", firstId(search("reindeer egg cosy", 3, "")));

        put("it-cosy", "Felted Reindeer Egg Cosy", false);
        awaitReady();
        assertFalse(ids(search("reindeer egg cosy", 5, "&available=true")).contains("it-cosy"));
        JsonNode any = search("reindeer egg cosy", 3, "");
        assertEquals("it-cosy", firstId(any));
        assertFalse(any.get("hits").get(0).get("available").asBoolean());

        put("it-cosy", "Enamel Bread Bin", true);
        awaitReady();
        assertEquals("it-cosy", firstId(search("bread bin made of enamel", 3, "")));
        assertFalse(ids(search("reindeer egg cosy", 3, "")).contains("it-cosy"), "the old text is gone");
    }

    @Test
    @Order(5)
    void erasuresAndEventsLeaveTheCatalogueSearchable() throws Exception {
        importOnce();
        Http.put(http, "/api/members/it-searcher", "{\"country\":\"France\"}");
        Http.post(http, "/api/events", "application/json", "{\"type\":\"purchase\",\"member\":\"it-searcher\",\"item\":\"21844\","
                + "\"quantity\":1,\"time\":\"2011-06-01T10:00:00Z\"}");
        assertEquals(200, Http.delete(http, "/api/members/it-searcher").statusCode());
        assertTrue(store.awaitListeners(Duration.ofSeconds(30)));
        assertEquals(SearchStatus.State.READY, awaitReady().state());
        assertEquals(10, search("christmas decoration", 10, "").get("hits").size());
    }

    @Test
    @Order(6)
    void badRequestsAreNamedAndUnknownItemsAre404() throws Exception {
        importOnce();
        assertBad(get("/api/search?q=mug&n=0"), "'n'");
        assertBad(get("/api/search?q=mug&n=ten"), "'n'");
        assertBad(get("/api/search?n=5"), "'q'");
        assertBad(get("/api/search?q=%20%20"), "'q'");
        assertBad(get("/api/search?q=mug&available=maybe"), "'available'");
        assertBad(get("/api/search?q=mug&minPrice=cheap"), "'minPrice'");
        assertBad(get("/api/items/21844/similar?n=-1"), "'n'");
        HttpResponse<String> unknown = get("/api/items/no-such-item/similar");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(Http.json(unknown).get("detail").asText().contains("no-such-item"));
    }

    @Test
    @Order(7)
    void theIndexRecordsItsModelAndCatchesUpAfterARestartWithoutTheServiceMeanwhile() throws Exception {
        importOnce();
        JsonNode status = Http.json(get("/api/search/status"));
        assertEquals(model.id(), status.get("modelId").asText());
        assertEquals(model.id(), vectors.existing(CatalogSearch.COLLECTION).orElseThrow().modelId(), "vectors record their model");

        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.affinity.search"))
                .findFirst().orElseThrow();
        bundle.stop();
        try {
            assertEquals(503, get("/api/search?q=mug").statusCode());
            assertEquals(503, get("/api/items/21844/similar").statusCode());
            put("it-while-down", "Paper Chain Kit Vintage Christmas", true);   // nobody listens now
        } finally {
            bundle.start();
        }
        SearchStatus after = awaitReady();
        assertEquals(after.items(), after.indexed(), "the catch-up found the item stored while the bundle was stopped");
        assertTrue(ids(search("paper chain kit", 3, "")).contains("it-while-down"));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Imports the data once for the whole class and waits until every item is embedded. */
    private void importOnce() throws Exception {
        synchronized (SearchIT.class) {
            if (!imported) {
                Path work = Files.createTempDirectory("search-it");
                Path retail = work.resolve("online-retail-slice.csv");
                Bundle demo = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.affinity.demo"))
                        .findFirst().orElseThrow();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(demo.getEntry("data/online-retail.csv.gz").openStream()), StandardCharsets.UTF_8))) {
                    List<String> slice = new ArrayList<>();
                    for (String line = lines.readLine(); line != null && slice.size() <= RETAIL_LINES; line = lines.readLine()) {
                        slice.add(line);
                    }
                    Files.write(retail, slice, StandardCharsets.UTF_8);
                }
                Path luma = Path.of(context.getProperty("affinity.itest.luma"));
                run(new ImportRequest(retail, "online-retail", Map.of(), Map.of()));
                run(new ImportRequest(luma.resolve("configurable_products.csv"), "luma-products", Map.of(), Map.of()));
                run(new ImportRequest(luma.resolve("simple_products_gear_bags.csv"), "luma-products", Map.of(), Map.of()));
                imported = true;
            }
        }
        SearchStatus status = awaitReady();
        assertTrue(status.indexed() >= 1500, status.toString());
    }

    private void run(ImportRequest request) throws InterruptedException {
        JobStatus status = importer.start(request).await(Duration.ofMinutes(3));
        assertEquals(JobState.SUCCEEDED, status.state(), status.toString());
    }

    /** Waits until the search service registered now (a restart replaces it) is in step with the store. */
    private SearchStatus awaitReady() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        SearchStatus status = null;
        while (status == null || !(status.state() == SearchStatus.State.READY && status.indexed() == status.items())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the item index did not catch up within 4 minutes: " + status);
            }
            Thread.sleep(100);
            ServiceReference<CatalogSearch> reference = context.getServiceReference(CatalogSearch.class);
            CatalogSearch current = reference == null ? null : context.getService(reference);
            if (current != null) {
                try {
                    status = current.status();
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        return status;
    }

    private void put(String id, String title, boolean available) throws Exception {
        HttpResponse<String> response = Http.put(http, "/api/items/" + id, "{\"title\":\"" + title + "\",\"price\":4.5,"
                + "\"categories\":[\"Test/Search\"],\"available\":" + available + "}");
        assertEquals(200, response.statusCode(), response.body());
    }

    private JsonNode search(String text, int n, String filters) throws Exception {
        HttpResponse<String> response = get("/api/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&n=" + n + filters);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        System.out.printf("search '%s'%s: %s%n", text, filters, titles(body));
        return body;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return Http.get(http, path.replace(" ", "%20"));
    }

    private static void assertBad(HttpResponse<String> response, String field) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(Http.json(response).get("detail").asText().contains(field), response.body());
    }

    private static List<String> titles(JsonNode body) {
        List<String> titles = new ArrayList<>();
        body.get("hits").forEach(hit -> titles.add(hit.get("title").asText()));
        return titles;
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("hits").forEach(hit -> ids.add(hit.get("itemId").asText()));
        return ids;
    }

    private static String firstId(JsonNode body) {
        return body.get("hits").get(0).get("itemId").asText();
    }

    /** How many titles contain one of the words (case-insensitive). */
    private static int count(List<String> titles, String... words) {
        int count = 0;
        for (String title : titles) {
            String lower = title.toLowerCase(Locale.ROOT);
            if (Arrays.stream(words).anyMatch(lower::contains)) {
                count++;
            }
        }
        return count;
    }
}
