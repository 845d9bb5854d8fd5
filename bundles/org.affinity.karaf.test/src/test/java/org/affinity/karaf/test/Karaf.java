package org.affinity.karaf.test;

import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh Apache Karaf unpacked from the distribution ./affinity caches, configured to run OFFLINE
 * (no remote Maven repositories, an empty local one) on free ports, driven through bin/client.
 */
final class Karaf implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path home;
    final Path data;
    final int httpPort;
    final int sshPort;
    private final Path javaHome;
    private static final String MARK = "@@step-";
    private final StringBuilder transcript = new StringBuilder();

    private Karaf(Path home, Path data, Path javaHome, int httpPort, int sshPort) {
        this.home = home;
        this.data = data;
        this.javaHome = javaHome;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** Unpacks {@code distribution} under {@code work} and configures it; does not start it. */
    static Karaf unpack(Path distribution, Path javaHome, Path work) throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        run(work, Duration.ofMinutes(2), Map.of(), "tar", "xzf", distribution.toString(), "--strip-components=1");
        List<Integer> ports = freePorts(4);
        int http = ports.get(0);
        int ssh = ports.get(1);
        int rmiRegistry = ports.get(2);
        int rmiServer = ports.get(3);
        Path etc = work.resolve("etc");
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + ssh);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + rmiRegistry);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + rmiServer);
        replace(etc.resolve("users.properties"), "#karaf = karaf,_g_:admingroup", "karaf = karaf,_g_:admingroup");
        replace(etc.resolve("users.properties"), "#_g_\\:admingroup", "_g_\\:admingroup");
        // An EC host key: generating the default RSA one took 7 s on a busy machine.
        Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "\nalgorithm = EC\nkeySize = 256\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + http + "\n");
        // Offline: nothing remote, and a local repository that starts empty (a populated ~/.m2
        // would hide a missing artifact).
        Path m2 = work.resolve("m2-empty");
        Files.createDirectories(m2);
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "\n"
                + "org.ops4j.pax.url.mvn.repositories =\n"
                + "org.ops4j.pax.url.mvn.localRepository = " + m2 + "\n"
                + "org.ops4j.pax.url.mvn.offline = true\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Path data = work.resolve("affinity-data");
        Files.writeString(etc.resolve("system.properties"), "\naffinity.data = " + data + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        return new Karaf(work, data, javaHome, http, ssh);
    }

    void start() throws Exception {
        run(home, Duration.ofSeconds(60), environment(), "bin/start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Wait for the SSH port with a socket (cheap) before the first client JVM.
        while (!listening(sshPort)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Karaf's SSH port did not open within 120 s:\n" + log());
            }
            Thread.sleep(250);
        }
        while (true) {
            Result result = client(List.of("echo ready"));
            if (result.exit == 0 && result.output.contains("ready")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Karaf's console did not answer within 120 s: " + result.output + "\n" + log());
            }
            Thread.sleep(1000);
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs console commands in ONE client session (a client JVM costs seconds on a busy machine);
     * returns each command's output, without colours. Fails on a command error.
     */
    List<String> steps(String... commands) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            lines.add(commands[i]);
            lines.add("echo " + MARK + i);
        }
        Result result = client(lines);
        List<String> outputs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : result.output.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                outputs.add(current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        for (int i = 0; i < commands.length; i++) {
            transcript.append("karaf@root()> ").append(commands[i]).append('\n')
                    .append(i < outputs.size() ? outputs.get(i) : current.toString());
        }
        if (result.exit != 0 || outputs.size() < commands.length || result.output.contains("Error executing command")
                || result.output.contains("Command not found")) {
            throw new IllegalStateException(String.join("; ", commands) + " failed (exit " + result.exit + "):\n"
                    + result.output);
        }
        return outputs;
    }

    /** Runs console commands in one session; their outputs joined. */
    String console(String... commands) throws Exception {
        return String.join("", steps(commands));
    }

    /** One client session without failing on errors (for polling). */
    Result poll(String command) throws Exception {
        return client(List.of(command));
    }

    private Result client(List<String> commands) throws Exception {
        Path input = Files.createTempFile(home, "commands-", ".txt");
        Files.writeString(input, String.join("\n", commands) + "\n");
        List<String> command = List.of("bin/client", "-a", Integer.toString(sshPort), "-h", "127.0.0.1", "-u", "karaf",
                "-p", "karaf", "-r", "3", "-d", "1", "-b");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(input.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        Files.delete(input);
        String output = new String(bytes, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        return new Result(process.exitValue(), output);
    }

    record Result(int exit, String output) {
    }

    /** A GET as the first admin key (written to the data folder on the first start), when there is one. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        Path key = data.resolve("security").resolve("admin.key");
        return get(path, Files.exists(key) ? Files.readString(key).strip() : null);
    }

    /** A GET with this key, or none when {@code key} is null. */
    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Karaf's JVM, by the pid Karaf wrote at its start (empty before that, or once the process is gone). */
    private java.util.Optional<ProcessHandle> jvm() throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())) : java.util.Optional.empty();
    }

    /** Whether Karaf's JVM runs, and the first lines of any JVM crash report (hs_err) in its folder. */
    String process() throws IOException {
        String state = !Files.exists(home.resolve("karaf.pid")) ? "no karaf.pid"
                : jvm().filter(ProcessHandle::isAlive).isPresent() ? "Karaf's JVM runs" : "Karaf's JVM ended";
        try (Stream<Path> files = Files.list(home)) {
            for (Path crash : files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList()) {
                state += "; JVM crash report " + crash.getFileName() + ": "
                        + String.join(" | ", Files.readAllLines(crash).stream().limit(12).toList());
            }
        }
        return state;
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no data/log/karaf.log)";
    }

    /** Every console command and its output, as an operator would have seen them. */
    String transcript() {
        return transcript.toString();
    }

    private Map<String, String> environment() {
        // The JVM flags the Felix runtime gets (Lucene's vector code, ONNX Runtime's native access);
        // user.home inside the work folder so nothing of the user's ~/.m2 or ~/.karaf leaks in.
        return Map.of("JAVA_HOME", javaHome.toString(),
                "EXTRA_JAVA_OPTS", "--add-modules=jdk.incubator.vector -Duser.home=" + home + " -Xmx1g -XX:ErrorFile=" + home + "/hs_err_pid%p.log");
    }

    @Override
    public void close() throws Exception {
        if (!Files.exists(home.resolve("bin/stop"))) {
            return;
        }
        try {
            run(home, Duration.ofSeconds(60), environment(), "bin/stop");
        } catch (Exception e) {
            // killed below
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        jvm().ifPresent(handle -> {
            while (handle.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        });
    }

    // --- helpers ----------------------------------------------------------------------------------

    static String run(Path directory, Duration timeout, Map<String, String> environment, String... command)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " has no '" + from + "': another Karaf version?");
        }
        Files.writeString(file, text.replace(from, to));
    }

    /**
     * Distinct ports free now, below Linux's ephemeral range (32768 and up): a port from that range
     * can be taken by any outgoing connection on the machine before Karaf binds it.
     */
    private static List<Integer> freePorts(int count) throws IOException {
        java.util.Random random = new java.util.Random();
        List<Integer> ports = new ArrayList<>();
        for (int tries = 0; ports.size() < count; tries++) {
            if (tries > 1000) {
                throw new IOException("no " + count + " free ports between 20000 and 32000");
            }
            int port = 20000 + random.nextInt(12000);
            if (ports.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                ports.add(port);
            } catch (IOException taken) {
                // try another
            }
        }
        return ports;
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.delete(path);
            }
        }
    }
}
