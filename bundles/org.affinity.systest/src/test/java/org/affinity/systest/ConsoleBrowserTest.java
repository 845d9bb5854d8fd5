package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The console in a real browser: Debian's Chromium, driven through its chromedriver by Selenium's Java
 * client, against the exported runtime with a small shop imported over the API. An admin signs in
 * with the first admin key, sees the events-per-day chart drawn, opens a member (profile, events, a
 * column of recommendations per strategy, the erase button), switches the default strategy and sees
 * an A/B experiment's uplift report, and imports a file from the jobs page; a
 * {@code read} key then sees the same member without an erase, export or strategy control, and its
 * jobs, segments, chat and campaigns pages answer without an admin or ingest control.
 * Screenshots of each step go to target/screenshots/. The browser is required: without it the test
 * fails (.ci/run installs chromium and chromium-driver).
 */
class ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final String MEMBER = "m-ada";

    @TempDir
    Path data;

    @Test
    void anAdminWorksInTheConsoleAndAReadKeySeesNoAdminControl() throws Exception {
        Path chromium = Path.of(env("AFFINITY_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(env("AFFINITY_CHROMEDRIVER", "/usr/bin/chromedriver"));
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver), "the browser test needs Chromium at "
                + chromium + " and its driver at " + chromedriver + ": apt-get install chromium chromium-driver (.ci/run does)");
        Files.createDirectories(SCREENSHOTS);
        try (Runtime runtime = Runtime.start(data, false)) {
            runtime.awaitUp(Duration.ofSeconds(90));
            shop(runtime);
            String adminKey = Files.readString(data.resolve("security/admin.key")).strip();
            HttpResponse<String> created = runtime.post("/api/keys", "{\"name\":\"console-reader\",\"roles\":[\"read\"]}");
            assertEquals(201, created.statusCode(), created.body());
            String readKey = JSON.readTree(created.body()).path("token").asText();

            WebDriver browser = browser(chromium, chromedriver);
            try {
                String console = "http://127.0.0.1:" + runtime.port + "/console";
                browser.get(console);
                signIn(browser, adminKey);
                await("the sign-in names the admin role", () -> browser.findElement(By.id("whoami")).getText().contains("admin"));

                // Overview: the events-per-day chart has drawn on its canvas (pixels that are not blank).
                await("the events-per-day chart is drawn", () -> drawnPixels(browser, "#chart-daily canvas") > 500);
                await("the RFM segment chart is drawn", () -> drawnPixels(browser, "#chart-segments canvas") > 100);
                screenshot(browser, "overview");

                // Member: the profile, the events and one column per strategy, and the admin's erase.
                browser.get(console + "/index.html#member/" + MEMBER);
                await("the member's profile shows", () -> browser.findElement(By.id("profile")).getText().contains("orders"));
                await("the member's events show", () -> browser.findElements(By.cssSelector("#member-events tbody tr")).size() >= 3);
                List<String> strategies = strategies(runtime);
                await("a column of recommendations per strategy", () -> browser.findElements(By.cssSelector(".strategy-column")).size()
                        == strategies.size() && browser.findElements(By.cssSelector(".strategy-column li b")).size() >= strategies.size());
                assertTrue(browser.findElement(By.id("erase")).isDisplayed(), "an admin sees the erase button");
                screenshot(browser, "member-admin");

                // Strategies: switch the default to another present strategy; the API then answers with it.
                browser.get(console + "/index.html#strategies");
                String current = JSON.readTree(runtime.get("/api/strategies").body()).path("default").asText();
                String other = strategies.stream().filter(s -> !s.equals(current)).findFirst().orElseThrow();
                await("the strategy list loads", () -> browser.findElements(By.cssSelector("#default-strategy option")).size()
                        == strategies.size());
                browser.findElement(By.id("default-strategy")).click();
                browser.findElement(By.cssSelector("#default-strategy option[value='" + other + "']")).click();
                browser.findElement(By.id("use-strategy")).click();
                await("the console confirms the switch", () -> browser.findElement(By.id("strategy-result")).getText().contains(other));
                assertEquals(other, JSON.readTree(runtime.get("/api/strategies").body()).path("default").asText());
                await("the page shows the new default", () -> browser.findElement(By.id("current-strategy")).getText().equals(other));
                screenshot(browser, "strategies");
                HttpResponse<String> experiment = runtime.put("/api/strategies/experiment", "{\"name\":\"console-ab\",\"arms\":{\""
                        + current + "\":50,\"" + other + "\":50},\"control\":\"" + current + "\"}");
                assertEquals(200, experiment.statusCode(), experiment.body());
                browser.navigate().refresh();
                await("the uplift report shows both arms", () -> browser.findElements(By.cssSelector("#uplift tbody tr")).size() == 2
                        && browser.findElement(By.id("uplift")).getText().contains(current + " (control)"));
                screenshot(browser, "experiment");

                // Imports and jobs: a file chosen on the page is imported as a job whose row shows it succeed.
                Path file = data.resolve("console-import.ndjson");
                Files.writeString(file, """
                        {"id":"imp-1","type":"view","member":"m-eve","item":"mug","time":"%1$s"}
                        {"id":"imp-2","type":"purchase","member":"m-eve","item":"mug","quantity":2,"price":2.10,"time":"%1$s"}
                        """.formatted(Instant.now().minusSeconds(60)));
                browser.get(console + "/index.html#jobs");
                await("the import form shows for an admin", () -> browser.findElement(By.cssSelector("#import-form")).isDisplayed());
                browser.findElement(By.cssSelector("#import-form input[name=file]")).sendKeys(file.toString());
                browser.findElement(By.cssSelector("#import-form button")).click();
                await("the import starts", () -> browser.findElement(By.id("import-result")).getText().startsWith("started "));
                String job = browser.findElement(By.id("import-result")).getText().substring("started ".length());
                await("the import's row shows it succeeded", () -> browser.findElements(By.cssSelector("#job-table tbody tr")).stream()
                        .anyMatch(r -> r.getText().contains(job) && r.getText().contains("SUCCEEDED")));
                screenshot(browser, "jobs-admin");

                // Evaluation: hybrid's blend says what it serves; an evaluation started on the page runs as a job and
                // its report shows one table per holdout it could make.
                browser.get(console + "/index.html#evaluation");
                await("the blend says what hybrid serves", () -> browser.findElement(By.id("blend-serving")).getText().startsWith("serving: "));
                browser.findElement(By.cssSelector("#evaluation-form input[name=members]")).clear();
                browser.findElement(By.cssSelector("#evaluation-form input[name=members]")).sendKeys("0");
                browser.findElement(By.cssSelector("#evaluation-form button")).click();
                await("the evaluation's report shows", () -> browser.findElements(By.cssSelector("#evaluation-report table.evaluation")).size() >= 1);
                assertTrue(browser.findElement(By.id("evaluation-report")).getText().contains("popularity-baseline"),
                        browser.findElement(By.id("evaluation-report")).getText());
                screenshot(browser, "evaluation");

                // A read key: the same member, no erase, no export, no strategy switch.
                browser.findElement(By.id("sign-out")).click();
                signIn(browser, readKey);
                await("the sign-in names the read role", () -> browser.findElement(By.id("whoami")).getText().contains("read"));
                browser.get(console + "/index.html#member/" + MEMBER);
                await("a read key sees the member", () -> browser.findElement(By.id("profile")).getText().contains("orders"));
                for (String admin : List.of("erase", "export", "use-strategy", "default-strategy")) {
                    assertTrue(browser.findElements(By.id(admin)).stream().noneMatch(WebElement::isDisplayed),
                            "a read key sees no " + admin + " control");
                }
                screenshot(browser, "member-read");
                browser.get(console + "/index.html#strategies");
                await("a read key sees the default strategy", () -> browser.findElement(By.id("current-strategy")).getText().equals(other));
                assertTrue(browser.findElements(By.cssSelector(".admin-only")).stream().noneMatch(WebElement::isDisplayed),
                        "a read key sees no admin control on the strategies page");
                screenshot(browser, "strategies-read");

                // The read key's other pages answer (a row each), with no admin or ingest control shown.
                for (String page : List.of("jobs", "segments", "chat", "campaigns")) {
                    browser.get(console + "/index.html#" + page);
                    await("the " + page + " page shows rows for a read key", () -> browser.findElement(By.id(page)).isDisplayed()
                            && !browser.findElements(By.cssSelector("#" + page + " tbody tr")).isEmpty());
                    assertTrue(browser.findElements(By.cssSelector("#" + page + " .error")).stream().noneMatch(WebElement::isDisplayed),
                            "no error on " + page + ": " + browser.findElement(By.id(page)).getText());
                    assertTrue(browser.findElements(By.cssSelector(".admin-only, .ingest-only")).stream().noneMatch(WebElement::isDisplayed),
                            "a read key sees no admin or ingest control on " + page);
                    screenshot(browser, page + "-read");
                }
            } finally {
                browser.quit();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Chromium headless through the given driver: no Selenium Manager, no network. */
    private static WebDriver browser(Path chromium, Path chromedriver) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        return new ChromeDriver(service, options);
    }

    private static void signIn(WebDriver browser, String key) throws Exception {
        await("the sign-in form shows", () -> browser.findElement(By.id("key")).isDisplayed());
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
    }

    /** Pixels of the canvas under {@code selector} that are not fully transparent (0 when there is none). */
    private static long drawnPixels(WebDriver browser, String selector) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector(arguments[0]);
                if (!canvas || canvas.width === 0) return 0;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let drawn = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) drawn++;
                return drawn;""", selector);
        return ((Number) count).longValue();
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static void await(String what, Supplier<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // not on the page yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 30 s: " + what + (last == null ? "" : " (last: " + last + ")"));
    }

    private static List<String> strategies(Runtime runtime) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(runtime.get("/api/strategies").body()).path("strategies").forEach(s -> names.add(s.asText()));
        assertTrue(names.size() >= 2, "at least two strategies to switch between: " + names);
        return names;
    }

    /**
     * A small shop over the API: six items, four members, purchases and views over the last days, so
     * the chart has days to draw, the member has a profile and every strategy has something to say.
     */
    private static void shop(Runtime runtime) throws Exception {
        String[][] items = { { "lantern", "White hanging heart tea light holder", "home/lighting", "2.95" },
                { "mug", "Red retrospot mug", "kitchen/mugs", "2.10" },
                { "bunting", "Party bunting", "party/decorations", "4.95" },
                { "cutlery", "Retrospot childrens cutlery set", "kitchen/cutlery", "3.75" },
                { "star", "Christmas star lights", "home/lighting", "6.95" },
                { "cake", "Regency cakestand 3 tier", "kitchen/baking", "12.75" } };
        StringBuilder body = new StringBuilder("[");
        for (String[] item : items) {
            body.append(body.length() > 1 ? "," : "").append("{\"id\":\"").append(item[0]).append("\",\"title\":\"")
                    .append(item[1]).append("\",\"categories\":[\"").append(item[2]).append("\"],\"price\":").append(item[3])
                    .append(",\"currency\":\"GBP\",\"available\":true}");
        }
        HttpResponse<String> stored = runtime.post("/api/items", body.append("]").toString());
        assertTrue(stored.statusCode() / 100 == 2, stored.body());

        String[] members = { MEMBER, "m-ben", "m-cleo", "m-dan" };
        for (String member : members) { // profiles only for members who agreed to profiling
            HttpResponse<String> put = runtime.put("/api/members/" + member,
                    "{\"country\":\"United Kingdom\",\"consent\":{\"profiling\":true}}");
            assertTrue(put.statusCode() / 100 == 2, put.body());
        }
        Instant now = Instant.now();
        StringBuilder events = new StringBuilder("[");
        int n = 0;
        for (int m = 0; m < members.length; m++) {
            for (int i = 0; i < items.length; i++) {
                if ((i + m) % 3 == 0) {
                    continue; // each member leaves some items for the strategies to recommend
                }
                Instant at = now.minus(Duration.ofDays((i * 3L + m) % 12)).minus(Duration.ofHours(m + 1));
                for (String type : List.of("view", "purchase")) {
                    events.append(n++ > 0 ? "," : "").append("{\"id\":\"e").append(n).append("\",\"type\":\"").append(type)
                            .append("\",\"member\":\"").append(members[m]).append("\",\"item\":\"").append(items[i][0])
                            .append("\",\"quantity\":1,\"price\":").append(items[i][3]).append(",\"time\":\"")
                            .append(at.plusSeconds(type.equals("view") ? 0 : 60)).append("\"}");
                }
            }
        }
        HttpResponse<String> appended = runtime.post("/api/events", events.append("]").toString());
        assertTrue(appended.statusCode() / 100 == 2, appended.body());
        // Profiles follow the events; the member page wants this member's.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runtime.get("/api/members/" + MEMBER + "/profile").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "a profile for " + MEMBER + " within 30 s");
            Thread.sleep(200);
        }
        JsonNode daily = JSON.readTree(runtime.get("/api/store/daily?days=30").body());
        assertTrue(daily.path("days").size() == 30, "30 days of events: " + daily);
    }
}
