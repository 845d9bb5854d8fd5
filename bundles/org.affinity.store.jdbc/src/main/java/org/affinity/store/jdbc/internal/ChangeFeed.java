package org.affinity.store.jdbc.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.affinity.api.store.StoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed changes to every StoreListener in commit order, each listener on its own
 * thread so a slow one does not hold up the others. A listener that falls {@code capacity} changes
 * behind makes writers wait (back-pressure) instead of piling up memory.
 */
final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final Map<StoreListener, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final int capacity;

    ChangeFeed(int capacity) {
        this.capacity = capacity;
    }

    void add(StoreListener listener) {
        subscribers.computeIfAbsent(listener, l -> new Subscriber(l, capacity));
    }

    void remove(StoreListener listener) {
        Subscriber subscriber = subscribers.remove(listener);
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    void close() {
        new ArrayList<>(subscribers.keySet()).forEach(this::remove);
    }

    /** Hands a change to every listener; returns one future per listener, done when it was handled. */
    List<CompletableFuture<Void>> publish(Consumer<StoreListener> change) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Subscriber subscriber : subscribers.values()) {
            done.add(subscriber.submit(change));
        }
        return done;
    }

    /** Hands a change to one listener only (after the ones already queued for it). */
    void tell(StoreListener listener, Consumer<StoreListener> change) {
        Subscriber subscriber = subscribers.get(listener);
        if (subscriber != null) {
            subscriber.submit(change);
        }
    }

    /** For logs and exports: the component behind a deferred listener, else the class. */
    static String name(StoreListener listener) {
        return listener instanceof DeferredListener ? listener.toString() : listener.getClass().getName();
    }

    List<StoreListener> listeners() {
        return new ArrayList<>(subscribers.keySet());
    }

    /** Waits until every listener handled everything published so far. */
    boolean await(Duration timeout) throws InterruptedException {
        return await(publish(listener -> { }), timeout);
    }

    static boolean await(List<CompletableFuture<Void>> futures, Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // a listener's failure is logged by its subscriber; the change was delivered
        }
    }

    /** One listener's ordered queue and thread. */
    private static final class Subscriber implements Runnable {

        private record Change(Consumer<StoreListener> apply, CompletableFuture<Void> done) {
        }

        private final StoreListener listener;
        private final BlockingQueue<Change> queue;
        private final Thread thread;
        private volatile boolean running = true;

        Subscriber(StoreListener listener, int capacity) {
            this.listener = listener;
            this.queue = new LinkedBlockingQueue<>(capacity);
            String name = name(listener);
            this.thread = new Thread(this, "affinity-store-listener-" + name.substring(name.lastIndexOf('.') + 1));
            thread.setDaemon(true);
            thread.start();
        }

        CompletableFuture<Void> submit(Consumer<StoreListener> apply) {
            Change change = new Change(apply, new CompletableFuture<>());
            try {
                if (running) {
                    queue.put(change);
                } else {
                    change.done().complete(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                change.done().completeExceptionally(e);
            }
            return change.done();
        }

        @Override
        public void run() {
            while (running) {
                Change change;
                try {
                    change = queue.take();
                } catch (InterruptedException e) {
                    break;
                }
                try {
                    change.apply().accept(listener);
                    change.done().complete(null);
                } catch (RuntimeException | Error e) {
                    LOG.error("store listener {} failed on a change", name(listener), e);
                    change.done().completeExceptionally(e);
                }
            }
            // The listener is gone: nobody will handle what is left, so nobody should wait for it.
            List<Change> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(change -> change.done().complete(null));
        }

        void stop() {
            running = false;
            thread.interrupt();
        }
    }
}
