package org.affinity.systest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The exported runtime as a child process, started the way ./affinity run starts it. */
final class Runtime implements AutoCloseable {

    static final Path JAR = Path.of("../../runtime/target/affinity.jar").toAbsolutePath().normalize();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path data;
    final int port;
    final Process process;
    final long startedNanos;
    private final Path output;

    private Runtime(Path data, int port, Process process, long startedNanos, Path output) {
        this.data = data;
        this.port = port;
        this.process = process;
        this.startedNanos = startedNanos;
        this.output = output;
    }

    /** Starts the runtime on {@code data}; with {@code console} its stdin is the Gogo console. */
    static Runtime start(Path data, boolean console) throws IOException {
        return start(data, console, Map.of());
    }

    /** The same, with {@code environment} added to the process's environment (e.g. AFFINITY_DB_URL). */
    static Runtime start(Path data, boolean console, Map<String, String> environment) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getenv("AFFINITY_JVM_FLAGS");
        if (flags != null && !flags.isBlank()) {
            command.addAll(List.of(flags.split(",")));
        }
        Files.createDirectories(data.resolve("tmp"));
        command.addAll(List.of("-Xmx1g", "-Daffinity.data=" + data, "-Daffinity.demo=false",
                "-Dfelix.cm.dir=" + data.resolve("config"), "-Dfelix.fileinstall.dir=" + data.resolve("etc"),
                "-Dlaunch.storage.dir=" + data.resolve("framework"),
                "-Djava.io.tmpdir=" + data.resolve("tmp"), "-Dorg.osgi.service.http.port=" + port,
                "-Dgosh.args=" + (console ? "--noshutdown" : "--nointeractive --noshutdown"), "-jar", JAR.toString()));
        Path output = Files.createTempFile(data, "runtime-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        if (!console) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long started = System.nanoTime();
        return new Runtime(data, port, builder.start(), started, output);
    }

    /**
     * Waits until /api/health answers 200, which it does only once every capability is ready;
     * returns the seconds since the process started.
     */
    double awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> health = get("/api/health");
                if (health.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
                last = health.statusCode() + " " + health.body();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no healthy /api/health within " + timeout.toSeconds() + " s (last: " + last + "):\n"
                + output());
    }

    /** Waits until /api/health says UP (every Affinity bundle active, every component satisfied). */
    void awaitUp(Duration timeout) throws Exception {
        awaitHealthy(timeout);
        String body = get("/api/health").body();
        if (!body.contains("\"status\":\"UP\"")) {
            throw new IllegalStateException("/api/health answered 200 without UP: " + body);
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(authorized(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return CLIENT.send(authorized(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Adds the first admin key, which the runtime writes to its data folder on a first start. */
    private HttpRequest.Builder authorized(HttpRequest.Builder request) throws IOException {
        Path key = data.resolve("security").resolve("admin.key");
        if (Files.exists(key)) {
            request.header("Authorization", "Bearer " + Files.readString(key).strip());
        }
        return request;
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return CLIENT.send(authorized(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    OutputStream console() {
        return process.getOutputStream();
    }

    InputStream consoleOutput() {
        return process.getInputStream();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
