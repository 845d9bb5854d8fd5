package org.affinity.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.bench.ServingBench.Measured;
import org.affinity.bench.SwapBench.Platform;

/**
 * The demo shop's resident memory under the serving load, against the target of 1 GiB: starts
 * the exported runtime as {@code ./affinity run} does (same JVM and memory flags, the demo's heap),
 * waits until the demo shop is imported, cf trained and no job runs, then sends the serving bench's
 * HTTP rows (every strategy in turn, open loop at a steady rate) while it samples the platform's
 * resident set, and reads the kernel's high-water mark (reset when the load starts). With
 * {@code --chinese} it then sends Chinese chat text, which needs the second model (bge-small-zh), and
 * repeats the rows: the difference is that model's cost. With {@code --nmt} the platform runs with
 * Native Memory Tracking and the report breaks its memory down (heap, classes, code, threads, GC,
 * and what lies outside the JVM's accounting: ONNX Runtime, memory-mapped files). Exits 1 when the
 * peak passes the target or a request fails.
 * <p>
 * {@code ./affinity bench footprint [--rate 200] [--seconds 10] [--heap SIZE (the demo's)] [--target-mib 1024]
 * [--chinese] [--nmt] [--data DIR]}
 */
public final class FootprintBench {

    private static final List<String> STRATEGIES = List.of("popularity", "trending", "cf", "content", "hybrid");
    /** Chinese customer-service questions: the intent classifier embeds them with bge-small-zh. */
    private static final List<String> CHINESE = List.of("我的订单什么时候到?", "我想退货,怎么办?", "可以用积分付款吗?",
            "请帮我查一下物流信息", "这件商品有其他颜色吗?", "我要取消订单", "退款多久到账?", "怎么修改收货地址?");

    /** The serving bench's rows go here: this bench prints its own, with the resident set. */
    private static final Table SILENT = new Table(new PrintStream(OutputStream.nullOutputStream()), "path", "strategy", "requests",
            "achieved/s", "p50 ms", "p99 ms", "max ms", "GC pauses", "GC pause ms");

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = 200;
        int seconds = 10;
        long targetMib = 1024;
        boolean chinese = false;
        boolean nmt = false;
        String heap = System.getenv().getOrDefault("AFFINITY_DEMO_HEAP", "1g");
        Path data = BenchEnvironment.root().resolve("cache/bench/footprint");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--target-mib" -> targetMib = Long.parseLong(args[++i]);
                case "--chinese" -> chinese = true;
                case "--nmt" -> nmt = true;
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: ./affinity bench footprint "
                        + "[--rate 200] [--seconds 10] [--heap SIZE (the demo's)] [--target-mib 1024] [--chinese] [--nmt] [--data DIR]");
            }
        }
        System.out.printf("# Resident memory of the demo shop under the serving load (%s, load average %s)%n%n",
                BenchEnvironment.describe(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        List<String> members = SwapBench.members();
        // The collector's pauses stop requests: logged, so a smaller heap's cost in pauses shows beside the latencies.
        Path gcLog = data.resolve("footprint-gc-" + System.currentTimeMillis() + ".log");
        Files.createDirectories(data);
        List<String> extra = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog + "::filecount=0"));
        if (nmt) {
            extra.add("-XX:NativeMemoryTracking=summary");
        }
        boolean failed = false;
        Path log = data.resolve("log/affinity.log");
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
        try (Platform platform = Platform.start(data, heap, extra)) {
            long pid = platform.process.pid();
            System.out.printf("Platform pid %d on port %d (data %s, -Xmx%s%s, MALLOC_ARENA_MAX %s, GC log %s); waiting until the demo shop is"
                    + " imported, cf trained and no job runs...%n", pid, platform.port, data, heap, nmt ? ", NMT on" : "",
                    System.getenv().getOrDefault("AFFINITY_RUN_MALLOC_ARENA_MAX", "unset"), gcLog);
            platform.awaitServing(Duration.ofMinutes(30));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + platform.port;
            System.out.printf("Loaded: resident %s, heap %s; embedding models loaded: %s%n%n", mib(status(pid, "VmRSS")), heapInfo(pid),
                    loadedModels(client, base, platform.key));
            Table table = new Table(System.out, "pass", "strategy", "requests", "achieved/s", "p50 ms", "p99 ms", "max ms",
                    "failed", "peak resident MiB");
            System.out.printf("Sessions opened on use so far (a model on demand opens at its first text): %s%n%n", sessionsOpened(log, logFrom));
            Peak minilm = load(table, "served", platform, gcLog, client, base, members, rate, seconds);
            failed |= minilm.failures > 0;
            Peak both = null;
            if (chinese) {
                long before = status(pid, "VmRSS");
                for (String text : CHINESE) {
                    classify(platform, client, base, text);
                }
                System.out.printf("%nChinese text classified (bge-small-zh loaded: %s); resident %s -> %s%n%n",
                        loadedModels(client, base, platform.key), mib(before), mib(status(pid, "VmRSS")));
                System.out.printf("Sessions opened on use so far: %s%n%n", sessionsOpened(log, logFrom));
                both = load(table, "served, after Chinese text", platform, gcLog, client, base, members, rate, seconds);
                failed |= both.failures > 0;
            }
            System.out.printf("%nAfter the rows: resident %s, heap %s; load average %s.%n", mib(status(pid, "VmRSS")), heapInfo(pid),
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.println(smaps(pid));
            if (nmt) {
                System.out.println(nativeMemory(pid, status(pid, "VmRSS")));
            }
            jcmd(pid, "GC.run");
            System.out.printf("After a full collection: resident %s, heap %s (what the heap limit must hold).%n",
                    mib(status(pid, "VmRSS")), heapInfo(pid));
            System.out.printf("%n| models | peak resident (sampled) | kernel high-water mark | target | met |%n|---|---:|---:|---:|---|%n");
            failed |= verdict("as served", minilm, targetMib);
            if (both != null) {
                verdict("after Chinese text", both, targetMib); // the target is for one model; the second is its cost
                System.out.printf("%nbge-small-zh on top of MiniLM: %+d MiB at the peak.%n",
                        (Math.max(both.sampled, both.highWater) - Math.max(minilm.sampled, minilm.highWater)) >> 20);
            }
        }
        if (failed) {
            System.out.printf("%nFAILED: the peak passed %d MiB with one model, or a request failed.%n", targetMib);
            System.exit(1);
        }
    }

    /** The peak resident set during one pass of the rows, and the requests that failed. */
    record Peak(long sampled, long highWater, long failures) {
    }

    private static Peak load(Table table, String models, Platform platform, Path gcLog, HttpClient client, String base,
            List<String> members, int rate, int seconds) throws Exception {
        long pid = platform.process.pid();
        long gcFrom = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        // The kernel's high-water mark counts from here (clear_refs 5 resets it), so it covers the load only.
        Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    peak.accumulateAndGet(status(pid, "VmRSS"), Math::max);
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "resident sampler");
        sampler.start();
        long failures = 0;
        try {
            for (String strategy : STRATEGIES) {
                long before = peak.get();
                Measured measured = ServingBench.measure(SILENT, "HTTP", strategy, rate, seconds, members,
                        ServingBench.overHttp(client, base, platform.key, strategy), true);
                failures += measured.failures();
                Latencies l = measured.latencies();
                table.row(models, strategy, l.count(), l.count() / (double) seconds, l.percentileMillis(50), l.percentileMillis(99),
                        l.percentileMillis(100), measured.failures(), Math.max(before, peak.get()) >> 20);
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }
        System.out.printf("%nCollector during these rows (including each row's 2,000 warm-up requests): %s%n%n", pauses(gcLog, gcFrom));
        return new Peak(peak.get(), status(pid, "VmHWM"), failures);
    }

    /** Pauses in the platform's GC log (-Xlog:gc) after {@code from}: count, total and longest, and the kinds. */
    static String pauses(Path gcLog, long from) throws IOException {
        if (!Files.exists(gcLog)) {
            return "no GC log";
        }
        byte[] bytes = Files.readAllBytes(gcLog);
        // "Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(640M) 7.1ms": the kind with its cause, and the time
        java.util.regex.Pattern pause = java.util.regex.Pattern.compile("Pause (.+?) \\d+M->.* ([0-9.]+)ms$");
        Map<String, Integer> kinds = new LinkedHashMap<>();
        int count = 0;
        double total = 0;
        double longest = 0;
        for (String line : new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, bytes.length - from),
                StandardCharsets.UTF_8).lines().toList()) {
            java.util.regex.Matcher m = pause.matcher(line.strip());
            if (m.find()) {
                double millis = Double.parseDouble(m.group(2));
                count++;
                total += millis;
                longest = Math.max(longest, millis);
                kinds.merge(m.group(1), 1, Integer::sum);
            }
        }
        return String.format("%d pauses, %.0f ms in all, longest %.1f ms %s", count, total, longest, kinds);
    }

    private static boolean verdict(String models, Peak peak, long targetMib) {
        long worst = Math.max(peak.sampled, peak.highWater) >> 20;
        boolean over = worst > targetMib;
        System.out.printf("| %s | %,d MiB | %,d MiB | %,d MiB | %s |%n", models, peak.sampled >> 20, peak.highWater >> 20, targetMib,
                over ? "**no**" : "yes");
        return over;
    }

    private static void classify(Platform platform, HttpClient client, String base, String text) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/chat/classify"))
                .header("Authorization", "Bearer " + platform.key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}", StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("classifying '" + text + "' answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The embedding models loaded, from the platform's metrics (affinity_embedding_model_loaded). */
    private static List<String> loadedModels(HttpClient client, String base, String key) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/api/metrics")).header("Authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> models = new ArrayList<>();
        java.util.regex.Matcher loaded = java.util.regex.Pattern
                .compile("(?m)^affinity_embedding_model_loaded\\{[^}]*model=\"([^\"]+)\"[^}]*\\} 1").matcher(metrics);
        while (loaded.find()) {
            models.add(loaded.group(1));
        }
        return models;
    }

    /** The models whose session opened on first use, from the platform's log (OpenOnUseEncoder's line). */
    private static List<String> sessionsOpened(Path log, long from) throws IOException {
        if (!Files.exists(log) || Files.size(log) < from) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(log);
        return new String(bytes, (int) from, bytes.length - (int) from, StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("opened its session on use") || line.contains("closed its session after"))
                .map(line -> line.replaceAll(".*embedding model '([^']+)' (opened|closed).*", "$1 $2")).toList();
    }

    /** A field of /proc/PID/status in bytes (VmRSS, VmHWM). */
    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    /** Resident memory by kind (anonymous: heap, native allocations; file: jars, libraries, Lucene's mapped files). */
    private static String smaps(long pid) throws IOException {
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2 && parts[1].endsWith("kB")) {
                fields.put(parts[0], Long.parseLong(parts[1].replace("kB", "").strip()) * 1024);
            }
        }
        return String.format("Resident by kind (smaps_rollup): %s, of which anonymous %s and file-backed %s.", mib(fields.get("Rss")),
                mib(fields.getOrDefault("Anonymous", 0L)), mib(fields.get("Rss") - fields.getOrDefault("Anonymous", 0L)));
    }

    /** {@code jcmd PID VM.native_memory summary}: committed memory per category, and the rest of the resident set. */
    private static String nativeMemory(long pid, long resident) throws Exception {
        String text = jcmd(pid, "VM.native_memory", "summary");
        StringBuilder out = new StringBuilder("\nNative Memory Tracking (committed):\n\n| category | committed MiB |\n|---|---:|\n");
        long total = 0;
        java.util.regex.Matcher category = java.util.regex.Pattern
                .compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        while (category.find()) {
            long kb = Long.parseLong(category.group(2));
            if (kb >= 1024) {
                out.append("| ").append(category.group(1)).append(" | ").append(kb >> 10).append(" |\n");
            }
        }
        java.util.regex.Matcher sum = java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        if (sum.find()) {
            total = Long.parseLong(sum.group(1)) * 1024;
            out.append("| **total the JVM accounts for** | ").append(total >> 20).append(" |\n");
            out.append("| resident now, less the JVM's committed total (ONNX Runtime, glibc arenas, mapped files; committed"
                    + " but untouched pages count the other way) | ").append((resident - total) >> 20).append(" |\n");
        }
        return out.toString();
    }

    private static String heapInfo(long pid) {
        try {
            String text = jcmd(pid, "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K")
                    .matcher(text);
            if (m.find()) {
                return String.format("%,d MiB used of %,d MiB committed", Long.parseLong(m.group(2)) >> 10, Long.parseLong(m.group(1)) >> 10);
            }
            return text.lines().limit(2).reduce("", (a, b) -> a + b.strip() + " ");
        } catch (Exception e) {
            return "(jcmd: " + e.getMessage() + ")";
        }
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes >> 20);
    }
}
