package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.affinity.api.embedding.ModelUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets many threads share one {@link BatchEncoder}, coalescing their sequences into batches of at
 * most {@code maxBatch} (and of similar lengths, see {@link #nextBatch}), and closes the encoder only
 * when no batch runs.
 * <p>
 * Every caller queues its sequences, then tries to take the run lock. The thread that gets it runs
 * queued batches (its own and whoever queued before it, first come first served) until its own are
 * done, then wakes the thread whose sequence heads the queue to take over. Threads that do not get
 * the lock park until their result arrives. A lone caller thus runs its batch on its own thread
 * without a hand-off, and concurrent callers share session runs.
 * <p>
 * {@link #close} marks the encoder closed, waits for the batch that is running, fails every queued
 * sequence with {@link ModelUnavailableException} and closes the encoder; every batch runs under the
 * same lock, so the encoder is never closed under a running batch.
 */
final class CoalescingEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoalescingEncoder.class);
    /** A parked caller re-checks this often even without being woken (it normally is). */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Padded tokens a batch may waste regardless of its size. */
    private static final int PADDING_SLACK = 64;

    private final String modelId;
    private final BatchEncoder encoder;
    private final int maxBatch;
    private final long closeTimeoutMillis;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock runLock = new ReentrantLock();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong sequences = new AtomicLong();
    private volatile String closedReason;
    private boolean encoderClosed; // guarded by runLock

    CoalescingEncoder(String modelId, BatchEncoder encoder, int maxBatch, long closeTimeoutMillis) {
        this.modelId = modelId;
        this.encoder = encoder;
        this.maxBatch = maxBatch;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    /** A queued sequence and, once run, its vector or failure. */
    private static final class Request {
        final int[] ids;
        final Thread owner = Thread.currentThread();
        volatile float[] vector;
        volatile Throwable failure;
        volatile boolean done;
        volatile boolean abandoned;

        Request(int[] ids) {
            this.ids = ids;
        }

        void complete(float[] result, Throwable problem) {
            vector = result;
            failure = problem;
            done = true;
            LockSupport.unpark(owner);
        }
    }

    /**
     * The vectors of {@code batch}, in order; blocks until they are computed, possibly together with
     * other threads' sequences.
     *
     * @throws ModelUnavailableException when the encoder was closed before the sequences ran
     * @throws IllegalStateException when the encoder failed, or the thread was interrupted while
     *         waiting (its interrupt status is kept)
     */
    float[][] encode(int[][] batch) {
        checkOpen();
        Request[] mine = new Request[batch.length];
        for (int i = 0; i < batch.length; i++) {
            mine[i] = new Request(batch[i]);
            queue.add(mine[i]);
        }
        while (!allDone(mine)) {
            if (runLock.tryLock()) {
                try {
                    runUntilDone(mine);
                    if (closedReason != null) {
                        // closed while this thread ran: close() may have timed out waiting for it
                        failQueued();
                        closeEncoder();
                    }
                } finally {
                    runLock.unlock();
                }
                wakeNext();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
                if (Thread.interrupted()) {
                    for (Request request : mine) {
                        request.abandoned = true;
                    }
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for embedding model '" + modelId + "'");
                }
            }
        }
        float[][] vectors = new float[batch.length][];
        for (int i = 0; i < mine.length; i++) {
            Throwable failure = mine[i].failure;
            if (failure instanceof ModelUnavailableException) {
                throw unavailable();
            }
            if (failure != null) {
                throw new IllegalStateException("embedding model '" + modelId + "' failed: " + failure.getMessage(), failure);
            }
            vectors[i] = mine[i].vector;
        }
        return vectors;
    }

    /** Runs queued batches, oldest first, until {@code mine} are done. Holds the run lock. */
    private void runUntilDone(Request[] mine) {
        while (!allDone(mine)) {
            if (closedReason != null) {
                failQueued();
                closeEncoder();
                return;
            }
            List<Request> batch = nextBatch();
            if (batch.isEmpty()) {
                return; // only abandoned requests were left; ours are done by now
            }
            run(batch);
        }
    }

    /**
     * The next batch: a prefix of the queue (so first come, first served), at most {@code maxBatch}
     * long, that stops before a sequence that would make padding too costly. A batch is padded to its
     * longest sequence, so one long text among short ones multiplies the work: the padded tokens may
     * exceed the real ones by half, plus {@value #PADDING_SLACK} (short texts batch freely). The
     * sequence left out heads the next batch. Only the run-lock holder takes from the queue.
     */
    private List<Request> nextBatch() {
        List<Request> batch = new ArrayList<>(maxBatch);
        int longest = 0;
        long tokens = 0;
        Request request;
        while (batch.size() < maxBatch && (request = queue.peek()) != null) {
            if (request.abandoned) {
                queue.poll();
                continue;
            }
            int length = request.ids.length;
            long padded = (long) Math.max(longest, length) * (batch.size() + 1);
            if (!batch.isEmpty() && padded > (tokens + length) * 3 / 2 + PADDING_SLACK) {
                break;
            }
            queue.poll();
            batch.add(request);
            longest = Math.max(longest, length);
            tokens += length;
        }
        return batch;
    }

    private void run(List<Request> batch) {
        int[][] ids = new int[batch.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).ids;
        }
        float[][] vectors;
        try {
            vectors = encoder.encode(ids);
        } catch (Exception | Error e) {
            batch.forEach(r -> r.complete(null, e));
            if (e instanceof Error) {
                throw (Error) e;
            }
            return;
        }
        runs.incrementAndGet();
        sequences.addAndGet(ids.length);
        for (int i = 0; i < ids.length; i++) {
            batch.get(i).complete(vectors[i], null);
        }
    }

    /** Wakes the thread whose sequence heads the queue, to take the run lock over. */
    private void wakeNext() {
        Request next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.owner);
        }
    }

    private static boolean allDone(Request[] requests) {
        for (Request request : requests) {
            if (!request.done) {
                return false;
            }
        }
        return true;
    }

    private void failQueued() {
        ModelUnavailableException closed = unavailable();
        Request request;
        while ((request = queue.poll()) != null) {
            request.complete(null, closed);
        }
    }

    private void closeEncoder() {
        if (!encoderClosed) {
            encoderClosed = true;
            encoder.close();
        }
    }

    private ModelUnavailableException unavailable() {
        return new ModelUnavailableException(modelId, closedReason);
    }

    /** Session runs so far. */
    long runs() {
        return runs.get();
    }

    /** Sequences encoded so far. */
    long sequences() {
        return sequences.get();
    }

    /** @throws ModelUnavailableException when closed */
    void checkOpen() {
        if (closedReason != null) {
            throw unavailable();
        }
    }

    boolean isClosed() {
        return closedReason != null;
    }

    @Override
    public void close() {
        close("it was closed");
    }

    /**
     * Refuses new work, waits (up to the close timeout) for the batch that runs, fails what is queued
     * and closes the encoder. If the running batch outlasts the timeout, the encoder stays open and the
     * thread that finishes that batch closes it.
     *
     * @param reason why, for the exception callers get ("its bundle stopped")
     */
    void close(String reason) {
        if (closedReason != null) {
            return;
        }
        closedReason = reason;
        boolean locked = false;
        try {
            locked = runLock.tryLock(closeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warn("embedding model '{}' is still running a batch after {} ms; it closes when that batch ends",
                    modelId, closeTimeoutMillis);
            return;
        }
        try {
            failQueued();
            closeEncoder();
        } finally {
            runLock.unlock();
        }
        wakeNext(); // a caller that queued while this thread held the lock fails at once
    }
}
