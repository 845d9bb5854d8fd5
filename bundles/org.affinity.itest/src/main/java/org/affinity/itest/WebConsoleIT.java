package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;

/** The web console is served, and every API path its script calls is a documented route. */
class WebConsoleIT {

    private static final Pattern API_PATH = Pattern.compile("/api/[A-Za-z0-9_./{}$()-]+");

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @Test
    void consoleRedirectsToItsPage() throws Exception {
        HttpResponse<String> response = Http.get(http, "/console");
        assertEquals(302, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElse("").endsWith("/console/index.html"));
        HttpResponse<String> page = Http.get(http, "/console/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("console.js") && page.body().contains("console.css"), page.body());
        assertEquals(200, Http.get(http, "/console/console.css").statusCode());
    }

    @Test
    void everyApiPathTheScriptCallsIsDocumented() throws Exception {
        HttpResponse<String> script = Http.get(http, "/console/console.js");
        assertEquals(200, script.statusCode());
        Set<String> documented = new TreeSet<>();
        Http.json(Http.get(http, "/api/openapi.json")).get("paths").fieldNames()
                .forEachRemaining(path -> documented.add(path.replaceAll("\\{[^}]+}", "{}")));
        List<String> called = new ArrayList<>();
        Matcher matcher = API_PATH.matcher(script.body());
        while (matcher.find()) {
            // `${encodeURIComponent(id)}` in a template is a path parameter
            called.add(matcher.group().replaceAll("\\$\\{[^}]*}\\)?}?", "{}").replaceAll("\\{}+", "{}")
                    .replaceAll("[.)]+$", ""));
        }
        assertTrue(called.size() >= 8, "the script calls the API: " + called);
        // A literal segment may fill a documented parameter (/api/training/cf is /api/training/{strategy}).
        List<Pattern> templates = documented.stream()
                .map(path -> Pattern.compile(Arrays.stream(path.split("\\{}", -1))
                        .map(Pattern::quote).collect(Collectors.joining("[^/]+"))))
                .toList();
        List<String> undocumented = called.stream()
                .filter(path -> templates.stream().noneMatch(template -> template.matcher(path).matches())).toList();
        assertTrue(undocumented.isEmpty(), "the console calls undocumented paths: " + undocumented + " (documented: "
                + documented + ")");
    }
}
