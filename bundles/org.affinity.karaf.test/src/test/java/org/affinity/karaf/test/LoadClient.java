package org.affinity.karaf.test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One thread calling GET on a list of paths in turn until stopped; counts what did not answer 200. */
final class LoadClient implements AutoCloseable {

    record Tally(long requests, long failures, List<String> examples) {
        @Override
        public String toString() {
            return requests + " requests, " + failures + " failed" + (examples.isEmpty() ? "" : " e.g. " + examples);
        }
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private LoadClient(Karaf karaf, List<String> paths) {
        thread = new Thread(() -> {
            int next = 0;
            while (running.get()) {
                String path = paths.get(next++ % paths.size());
                requests.incrementAndGet();
                try {
                    int status = karaf.get(path).statusCode();
                    if (status != 200) {
                        fail(path + " -> " + status);
                    }
                } catch (Exception e) {
                    fail(path + " -> " + e);
                }
            }
        }, "karaf-test-client");
        thread.setDaemon(true);
    }

    static LoadClient start(Karaf karaf, List<String> paths) {
        LoadClient client = new LoadClient(karaf, paths);
        client.thread.start();
        return client;
    }

    private void fail(String example) {
        failures.incrementAndGet();
        if (examples.size() < 5) {
            examples.add(example);
        }
    }

    Tally stop() throws InterruptedException {
        running.set(false);
        thread.join(60_000);
        return new Tally(requests.get(), failures.get(), List.copyOf(examples));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
