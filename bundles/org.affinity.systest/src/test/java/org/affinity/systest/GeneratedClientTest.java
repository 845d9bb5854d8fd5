package org.affinity.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document is good enough for a generated client: openapi-generator's CLI (from Maven
 * Central, fetched by ./affinity test into AFFINITY_OPENAPI_GENERATOR) makes a Java client from the
 * document the running platform serves, the client compiles with nothing but Jackson and the Jakarta
 * annotations, and calls through it (src/test/resources/client/Calls.java) store an item and an event,
 * read them back in the wire format, name a missing member as a 404 problem, and erase.
 */
class GeneratedClientTest {

    @TempDir
    Path data;

    @Test
    void aClientGeneratedFromTheDocumentCompilesAndCallsTheApi() throws Exception {
        String generator = System.getenv("AFFINITY_OPENAPI_GENERATOR");
        assertNotNull(generator, "AFFINITY_OPENAPI_GENERATOR names openapi-generator-cli's jar (./affinity test sets it)");
        try (Runtime runtime = Runtime.start(data, false)) {
            runtime.awaitHealthy(Duration.ofSeconds(60));
            HttpResponse<String> document = runtime.get("/api/openapi.json");
            assertEquals(200, document.statusCode(), document.body());
            Path spec = Files.writeString(data.resolve("openapi.json"), document.body());

            Path generated = data.resolve("client");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", generator, "generate", "-i", spec.toString(), "-g", "java", "--library", "native",
                    "-o", generated.toString(), "--api-package", "org.affinity.client.api", "--model-package",
                    "org.affinity.client.model", "--invoker-package", "org.affinity.client",
                    "--additional-properties", "useJakartaEe=true,openApiNullable=false,hideGenerationTimestamp=true",
                    "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false");
            Path log = data.resolve("generator.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the generator finished within 5 minutes");
            assertEquals(0, process.exitValue(), "the generator accepted the document:\n" + Files.readString(log));

            Path sources = generated.resolve("src/main/java");
            Path driver = sources.resolve("org/affinity/client/check/Calls.java");
            Files.createDirectories(driver.getParent());
            try (InputStream in = GeneratedClientTest.class.getResourceAsStream("/client/Calls.java")) {
                Files.copy(in, driver);
            }
            List<String> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(f -> f.toString().endsWith(".java")).forEach(f -> files.add(f.toString()));
            }
            Path classes = Files.createDirectories(data.resolve("classes"));
            String classpath = String.join(java.io.File.pathSeparator, jarOf("com.fasterxml.jackson.databind.ObjectMapper"),
                    jarOf("com.fasterxml.jackson.core.JsonParser"), jarOf("com.fasterxml.jackson.annotation.JsonProperty"),
                    jarOf("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule"), jarOf("jakarta.annotation.Nonnull"));
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath,
                    "--release", "17", "-nowarn", "-proc:none"));
            arguments.addAll(files);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int compiled = javac.run(null, errors, errors, arguments.toArray(String[]::new));
            assertEquals(0, compiled, "the generated client compiles:\n" + errors);

            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    GeneratedClientTest.class.getClassLoader())) {
                @SuppressWarnings("unchecked")
                BiFunction<String, String, List<String>> calls = (BiFunction<String, String, List<String>>) loader
                        .loadClass("org.affinity.client.check.Calls").getConstructor().newInstance();
                String key = Files.readString(data.resolve("security/admin.key")).strip();
                List<String> seen = calls.apply(runtime.uri("").toString(), key);
                System.out.println("generated client: " + seen);
                assertEquals(List.of("health UP", "ingested 1", "event gc-e1 purchase gc-item x2", "member gc-member",
                        "store members 1", "missing 404 application/problem+json;charset=utf-8", "erased"), seen);
            }
        }
    }

    /** The jar (or folder) a class of this test's class path comes from. */
    private static String jarOf(String className) throws Exception {
        Class<?> type = Class.forName(className, false, GeneratedClientTest.class.getClassLoader());
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
