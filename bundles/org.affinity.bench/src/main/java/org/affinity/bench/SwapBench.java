package org.affinity.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Live swaps under load, as a user sees them: the exported runtime started as `./affinity run` starts
 * it (its own data folder in cache/bench/swap with the demo shop imported and cf trained on the first
 * run, its Gogo console on a pipe), 8 clients asking {@code /api/members/{id}/recommendations} over
 * HTTP back to back (half with {@code strategy=cf}), then one bundle action at a time typed on the
 * console ({@code stop}, {@code start}, {@code update} of each strategy bundle and the embedding
 * model's), each measured over the window that starts when the command is typed, against the steady
 * state before; then a mixed run with nine actions. The clients run in this JVM on the same cores as
 * the platform, as in the measurement.
 * <p>
 * Usage: ./affinity bench swap [--clients 8] [--window 8] [--steady 24] [--mixed 40] [--warmup 180]
 * [--bundles cf,content,hybrid,popularity,model.minilm] [--heap 1g] [--data DIR] [--jfr]
 */
public final class SwapBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "org.affinity.";

    private SwapBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = 8;
        int window = 8;
        int steady = 24;
        int mixed = 40;
        // 3 minutes: after 60 s the p99 was still 18 ms against 10.6 ms at the end (JIT), and the first actions were judged against that.
        int warmup = 180;
        String heap = "1g";
        boolean jfr = false;
        List<String> bundles = List.of("reco.cf", "reco.content", "reco.hybrid", "reco.popularity", "model.minilm");
        Path data = BenchEnvironment.root().resolve("cache/bench/swap");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--steady" -> steady = Integer.parseInt(args[++i]);
                case "--mixed" -> mixed = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--jfr" -> jfr = true;
                case "--bundles" -> bundles = Arrays.stream(args[++i].split(",")).map(String::strip)
                        .map(b -> b.startsWith(PREFIX) ? b.substring(PREFIX.length()) : b).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: ./affinity bench swap "
                        + "[--clients 8] [--window 8] [--steady 24] [--mixed 40] [--warmup 180] "
                        + "[--bundles cf,content,hybrid,popularity,model.minilm] [--heap 1g] [--data DIR] [--jfr]");
            }
        }
        System.out.printf("# Live swaps under load (%s)%n%n", BenchEnvironment.describe());
        List<String> members = members();
        try (Platform platform = Platform.start(data, heap, jfr)) {
            System.out.printf("Platform on port %d (data %s, -Xmx%s); waiting until the demo shop is imported and cf trained...%n",
                    platform.port, data, heap);
            platform.awaitServing(Duration.ofMinutes(20));
            platform.readBundleIds();
            Load load = new Load(platform, members, clients);
            load.start();
            try {
                Thread.sleep(warmup * 1000L);
                long steadyFrom = load.now();
                Thread.sleep(steady * 1000L);
                Window base = load.window(steadyFrom, load.now());
                List<Double> windows = new ArrayList<>();
                for (long from = steadyFrom; from + window * 1_000_000_000L <= base.to; from += window * 1_000_000_000L) {
                    windows.add(load.window(from, from + window * 1_000_000_000L).p99());
                }
                System.out.printf("%n%d clients (%d with strategy=cf), back to back over HTTP, %d members in turn at random;"
                        + " steady state over %d s after %d s of warm-up: %,d requests, p99 of each %d s window %s ms.%n%n",
                        clients, clients / 2, members.size(), steady, warmup, base.count(), window, format(windows));
                System.out.printf("Steady state before: %,d requests, p99 %s ms; now the actions (rows at the end).%n",
                        base.count(), Table.format(base.p99()));
                List<String> actions = new ArrayList<>();
                List<Window> windows2 = new ArrayList<>();
                for (String bundle : bundles) {
                    for (String action : List.of("stop", "start", "update")) {
                        long from = load.now();
                        platform.act(action, bundle);
                        Thread.sleep(window * 1000L);
                        actions.add("`" + action + "` " + bundle);
                        windows2.add(load.window(from, load.now()));
                        System.out.printf("  %s at %.1f s: p99 %s ms%n", actions.get(actions.size() - 1), from / 1e9,
                                Table.format(windows2.get(windows2.size() - 1).p99()));
                        platform.settle(bundle, !action.equals("stop"));
                        Thread.sleep(2000);
                    }
                }
                long from = load.now();
                System.out.printf("  the mixed run from %.1f s%n", from / 1e9);
                List<String> done = mixedRun(platform, bundles, mixed);
                Window all = load.window(from, load.now());
                Thread.sleep(2000);
                long afterFrom = load.now();
                Thread.sleep(steady * 1000L);
                Window after = load.window(afterFrom, load.now());
                // The lower of the two steady states is the reference: the platform still warms up (JIT) for
                // minutes after a start, and a reference inflated by that would flatter every row.
                Window reference = after.p99() < base.p99() ? after : base;
                System.out.printf("%nThe p99 / steady column divides by the lower steady-state p99 (%s ms, %s).%n%n",
                        Table.format(reference.p99()), reference == after ? "after the actions" : "before the actions");
                Table table = new Table(System.out, "action on the console", "window s", "requests/s", "p50 ms", "p99 ms", "max ms",
                        "over 1 s", "failed", "p99 / steady", "within target");
                row(table, "steady state, before", base, reference);
                for (int i = 0; i < actions.size(); i++) {
                    row(table, actions.get(i), windows2.get(i), reference);
                }
                row(table, "a " + mixed + " s run with " + done.size() + " stops/starts/updates", all, reference);
                row(table, "steady state, after", after, reference);
                System.out.printf("%nThe mixed run: %s.%n", String.join(", ", done));
                List<String> failures = load.failures();
                if (!failures.isEmpty()) {
                    System.out.printf("%nFailed requests (the first %d; times since the load started; the actions' times are"
                            + " above):%n", failures.size());
                    failures.forEach(failure -> System.out.println("  " + failure));
                }
                load.stop();
                System.out.printf("%nTarget: in each single action's window p99 <= 2x the steady state and no request over 1 s."
                        + " Failed: not 200, or fewer than 10 items.%n");
            } finally {
                load.stop();
            }
        }
    }

    /** Nine actions spread over the run, each bundle left as it was found. */
    private static List<String> mixedRun(Platform platform, List<String> bundles, int seconds) throws Exception {
        List<String> actions = new ArrayList<>();
        String[] strategies = bundles.stream().filter(b -> b.startsWith("reco.")).toArray(String[]::new);
        for (int i = 0; actions.size() < 9; i++) {
            String bundle = strategies[i % strategies.length];
            actions.add("stop " + bundle);
            actions.add("start " + bundle);
            actions.add("update " + bundle);
        }
        List<String> done = new ArrayList<>();
        long step = seconds * 1000L / (actions.size() + 1);
        long end = System.currentTimeMillis() + seconds * 1000L;
        for (String action : actions.subList(0, 9)) {
            Thread.sleep(step);
            String[] words = action.split(" ");
            platform.act(words[0], words[1]);
            done.add("`" + action + "`");
        }
        Thread.sleep(Math.max(0, end - System.currentTimeMillis()));
        for (String bundle : bundles) {
            platform.settle(bundle, true);
        }
        return done;
    }

    private static void row(Table table, String action, Window window, Window base) {
        double ratio = window.p99() / base.p99();
        boolean within = ratio <= 2 && window.max() <= 1000 && window.failed == 0;
        table.row(action, window.seconds(), window.count() / window.seconds(), window.percentile(50), window.p99(), window.max(),
                window.over(1000), window.failed, String.format("%.2f", ratio), within ? "yes" : "**no**");
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> Table.format(v)).reduce((a, b) -> a + ", " + b).orElse("-");
    }

    /** The members of the demo shop (the Online Retail file the demo bundle imports). */
    static List<String> members() throws IOException {
        Path file = BenchEnvironment.root().resolve("bundles/org.affinity.demo/data/online-retail.csv.gz");
        Set<String> members = new LinkedHashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] fields = line.split(",");
                String customer = fields[fields.length - 2];
                if (!customer.isBlank()) {
                    members.add(customer.endsWith(".0") ? customer.substring(0, customer.length() - 2) : customer);
                }
            }
        }
        return new ArrayList<>(members);
    }

    /** Requests in one span of time: by when they started. */
    record Window(long from, long to, long[] nanos, int failed) {
        int count() {
            return nanos.length;
        }

        double seconds() {
            return (to - from) / 1e9;
        }

        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * nanos.length);
            return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
        }

        double p99() {
            return percentile(99);
        }

        double max() {
            return nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
        }

        long over(double millis) {
            return Arrays.stream(nanos).filter(n -> n > millis * 1e6).count();
        }
    }

    /** Clients asking back to back; every request's start, duration and outcome kept. */
    static final class Load {

        private final Platform platform;
        private final List<String> members;
        private final int clients;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final List<long[]> samples = new ArrayList<>();
        private final long origin = System.nanoTime();
        /** Per client: started, took, ok (1/0), appended in triples. */
        private final long[][] logs;
        private final int[] sizes;
        private final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Load(Platform platform, List<String> members, int clients) {
            this.platform = platform;
            this.members = members;
            this.clients = clients;
            this.logs = new long[clients][];
            this.sizes = new int[clients];
        }

        long now() {
            return System.nanoTime() - origin;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                int client = c;
                logs[c] = new long[3 * 65_536];
                Thread thread = new Thread(() -> run(client), "swap-client-" + c);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void run(int client) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            String strategy = client % 2 == 1 ? "&strategy=cf" : "";
            while (running.get()) {
                String member = members.get(ThreadLocalRandom.current().nextInt(members.size()));
                HttpRequest request = HttpRequest.newBuilder(platform.uri("/api/members/" + member + "/recommendations?n=10" + strategy))
                        .header("Authorization", "Bearer " + platform.key).timeout(Duration.ofSeconds(30)).GET().build();
                long started = now();
                boolean ok;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    int items = countItems(response.body());
                    ok = response.statusCode() == 200 && items >= 10;
                    if (!ok) {
                        String body = response.body();
                        failure(started, member, strategy, response.statusCode() + ", " + items + " items: "
                                + body.substring(0, Math.min(300, body.length())));
                    }
                } catch (IOException e) {
                    ok = false;
                    failure(started, member, strategy, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                record(client, started, now() - started, ok);
            }
        }

        /** Keeps the first failures, to say what failed: the bench's table counts them, this says why. */
        private void failure(long started, String member, String strategy, String reason) {
            if (failures.size() < 50) {
                failures.add(String.format("at %.1f s, member %s%s: %s", started / 1e9, member, strategy.isEmpty() ? "" : " (cf)",
                        reason.replace('\n', ' ')));
            }
        }

        /** The failed requests kept (the first 50), oldest first. */
        List<String> failures() {
            return List.copyOf(failures);
        }

        /** Counts "item": keys in the items array without parsing the body (the clients share the platform's cores). */
        private static int countItems(String body) {
            int count = 0;
            for (int at = body.indexOf("\"item\":"); at >= 0; at = body.indexOf("\"item\":", at + 1)) {
                count++;
            }
            return count;
        }

        private synchronized void record(int client, long started, long took, boolean ok) {
            long[] log = logs[client];
            if (sizes[client] + 3 > log.length) {
                log = Arrays.copyOf(log, log.length * 2);
                logs[client] = log;
            }
            log[sizes[client]++] = started;
            log[sizes[client]++] = took;
            log[sizes[client]++] = ok ? 1 : 0;
        }

        /** The requests that started in [from, to). */
        synchronized Window window(long from, long to) {
            long[] nanos = new long[1024];
            int count = 0;
            int failed = 0;
            for (int c = 0; c < clients; c++) {
                long[] log = logs[c];
                for (int i = 0; i < sizes[c]; i += 3) {
                    if (log[i] >= from && log[i] < to) {
                        if (count == nanos.length) {
                            nanos = Arrays.copyOf(nanos, count * 2);
                        }
                        nanos[count++] = log[i + 1];
                        if (log[i + 2] == 0) {
                            failed++;
                        }
                    }
                }
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Window(from, to, sorted, failed);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(60_000);
            }
        }
    }

    /** The exported runtime as a child process with its console on a pipe. */
    static final class Platform implements AutoCloseable {

        final int port;
        final Process process;
        final Path data;
        String key;
        private final Map<String, Long> ids = new HashMap<>();
        private final OutputStream console;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private Platform(int port, Process process, Path data) {
            this.port = port;
            this.process = process;
            this.data = data;
            this.console = process.getOutputStream();
        }

        static Platform start(Path data, String heap, boolean jfr) throws IOException {
            return start(data, heap, jfr ? List.of("-XX:StartFlightRecording=filename=" + data.resolve("swap.jfr") + ",settings=profile")
                    : List.of());
        }

        /**
         * Starts the runtime as {@code ./affinity run} does: the runtime's JVM flags and its memory flags
         * ({@code AFFINITY_JVM_FLAGS}, {@code AFFINITY_RUN_FLAGS}, set by the wrapper), then {@code -Xmx}
         * and {@code extra}; glibc's malloc arenas limited as run limits them ({@code AFFINITY_RUN_MALLOC_ARENA_MAX}).
         */
        static Platform start(Path data, String heap, List<String> extra) throws IOException {
            Path jar = BenchEnvironment.root().resolve("runtime/target/affinity.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: ./affinity build makes it");
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.createDirectories(data.resolve("tmp"));
            // One key sends every request: without this its rate limit (500/s) would be what is measured.
            Files.createDirectories(data.resolve("etc"));
            Files.writeString(data.resolve("etc/org.affinity.rest.cfg"), "rate.per.second = 0\n");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String variable : List.of("AFFINITY_JVM_FLAGS", "AFFINITY_RUN_FLAGS")) {
                String flags = System.getenv(variable);
                if (flags != null && !flags.isBlank()) {
                    command.addAll(List.of(flags.split(",")));
                }
            }
            command.add("-Xmx" + heap);
            command.addAll(extra);
            command.addAll(List.of("-Daffinity.data=" + data, "-Daffinity.demo=true", "-Dfelix.cm.dir=" + data.resolve("config"),
                    "-Dfelix.fileinstall.dir=" + data.resolve("etc"), "-Dlaunch.storage.dir=" + data.resolve("framework"),
                    "-Djava.io.tmpdir=" + data.resolve("tmp"), "-Dorg.osgi.service.http.port=" + port,
                    "-Dgosh.args=--noshutdown", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolve("platform.out").toFile());
            String arenas = System.getenv("AFFINITY_RUN_MALLOC_ARENA_MAX");
            if (arenas != null && !arenas.isBlank()) {
                builder.environment().put("MALLOC_ARENA_MAX", arenas);
            }
            return new Platform(port, builder.start(), data);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /**
         * Types the action on the console. An update reads the bundle's jar as built in this checkout
         * (the runtime's own locations are inside its jar, which Felix cannot read again).
         */
        void act(String action, String bundle) throws IOException {
            Long id = ids.get(PREFIX + bundle);
            if (id == null) {
                throw new IllegalStateException("no bundle " + PREFIX + bundle + " in the platform: " + ids.keySet());
            }
            String source = "";
            if (action.equals("update")) {
                Path jar = BenchEnvironment.root().resolve("bundles/" + PREFIX + bundle + "/target/" + PREFIX + bundle + ".jar");
                source = " " + jar.toUri();
            }
            console(action + " " + id + source);
        }

        /** Bundle ids by symbolic name, from {@code lb -s} on the console. */
        void readBundleIds() throws Exception {
            Path out = data.resolve("platform.out");
            console("lb -s " + PREFIX);
            Pattern row = Pattern.compile("^\\s*(\\d+)\\|[^|]*\\|[^|]*\\|(" + Pattern.quote(PREFIX) + "[\\w.]+) ");
            for (int attempt = 0; attempt < 50 && ids.isEmpty(); attempt++) {
                Thread.sleep(200);
                for (String line : Files.readAllLines(out)) {
                    Matcher matcher = row.matcher(line);
                    if (matcher.find()) {
                        ids.put(matcher.group(2), Long.parseLong(matcher.group(1)));
                    }
                }
            }
        }

        void console(String command) throws IOException {
            console.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            console.flush();
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> response = send(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }

        /** /api/health's body, 200 or 503 (a capability missing, e.g. after stopping the model bundle). */
        JsonNode health() throws Exception {
            return JSON.readTree(send("/api/health").body());
        }

        private HttpResponse<String> send(String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Healthy, the demo shop imported, no job running and a cf model trained. */
        void awaitServing(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "not started";
            int quiet = 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the platform exited with " + process.exitValue() + ": see " + data.resolve("platform.out"));
                }
                try {
                    if (key == null && Files.exists(data.resolve("security/admin.key"))) {
                        key = Files.readString(data.resolve("security/admin.key")).strip();
                    }
                    get("/api/health");
                    long events = get("/api/store").path("events").asLong();
                    boolean busy = false;
                    for (JsonNode job : get("/api/jobs").path("jobs")) {
                        String state = job.path("state").asText();
                        busy |= state.equals("RUNNING") || state.equals("QUEUED");
                    }
                    boolean trained = get("/api/training/cf").path("modelId").isTextual();
                    last = events + " events, jobs " + (busy ? "running" : "idle") + ", cf " + (trained ? "trained" : "not trained");
                    List<String> present = new ArrayList<>();
                    get("/api/strategies").path("strategies").forEach(name -> present.add(name.asText()));
                    boolean strategies = present.containsAll(List.of("cf", "content", "hybrid", "popularity"));
                    last += ", strategies " + present;
                    quiet = events > 0 && !busy && trained && strategies ? quiet + 1 : 0;
                    if (quiet >= 5) {
                        System.out.printf("Serving: %s.%n", last);
                        return;
                    }
                } catch (IOException | IllegalStateException e) {
                    last = e.getMessage();
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("not serving within " + timeout + " (last: " + last + ")");
        }

        private List<String> strategies() throws Exception {
            List<String> present = new ArrayList<>();
            get("/api/strategies").path("strategies").forEach(name -> present.add(name.asText()));
            return present;
        }

        /**
         * Waits (up to two minutes) until the bundle is active again and, for a strategy, serves
         * (content registers once warm); after a stop, until it is stopped.
         */
        void settle(String bundle, boolean active) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                boolean isActive = false;
                for (JsonNode b : health().path("bundles")) {
                    if (b.path("symbolicName").asText().equals(PREFIX + bundle)) {
                        isActive = b.path("state").asText().startsWith("ACTIVE");
                    }
                }
                if (isActive == active && (!active || !bundle.startsWith("reco.") || strategies().contains(bundle.substring(5)))) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(PREFIX + bundle + " did not become " + (active ? "active" : "stopped"));
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
