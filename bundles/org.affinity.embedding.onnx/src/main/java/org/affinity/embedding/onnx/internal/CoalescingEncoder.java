package org.affinity.embedding.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.affinity.api.embedding.ModelUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets many threads share one {@link BatchEncoder}, coalescing their sequences into batches of at
 * most {@code maxBatch} (and of similar lengths, see {@link #nextBatch}), with up to {@code lanes}
 * batches running at once, and closes the encoder only when no batch runs.
 * <p>
 * Every caller queues its sequences, then tries to take a run permit (one per lane). The thread that
 * gets one runs queued batches (its own and whoever queued before it, first come first served) until
 * its own are done or taken by another lane, then wakes the thread whose sequence heads the queue to
 * take over. Threads without a permit park until their result arrives or a permit frees up. A lone
 * caller thus runs its batch on its own thread without a hand-off, concurrent callers share session
 * runs, and two lanes keep two cores busy (the encoder must allow concurrent runs when lanes > 1).
 * <p>
 * {@link #close} marks the encoder closed, waits for the batches that are running, fails every queued
 * sequence with {@link ModelUnavailableException} and closes the encoder; it does so holding every
 * permit, so the encoder is never closed under a running batch.
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
    private final int lanes;
    private final long closeTimeoutMillis;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    /** Taking a batch peeks before it polls: lanes take one at a time. */
    private final Object taking = new Object();
    private final Semaphore permits;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong sequences = new AtomicLong();
    private volatile String closedReason;
    private boolean encoderClosed; // guarded by holding every permit

    CoalescingEncoder(String modelId, BatchEncoder encoder, int maxBatch, long closeTimeoutMillis) {
        this(modelId, encoder, maxBatch, 1, closeTimeoutMillis);
    }

    CoalescingEncoder(String modelId, BatchEncoder encoder, int maxBatch, int lanes, long closeTimeoutMillis) {
        this.modelId = modelId;
        this.encoder = encoder;
        this.maxBatch = maxBatch;
        this.lanes = lanes;
        this.permits = new Semaphore(lanes);
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
            if (permits.tryAcquire()) {
                try {
                    runUntilDone(mine);
                } finally {
                    permits.release();
                }
                if (closedReason != null) {
                    // closed while this thread ran: close() may have timed out waiting for it
                    closeIfIdle();
                }
                wakeNext();
                if (allDone(mine)) {
                    break;
                }
            }
            // no permit, or another lane runs the rest of ours: their completion or a free permit wakes us
            LockSupport.parkNanos(this, PARK_NANOS);
            if (Thread.interrupted()) {
                for (Request request : mine) {
                    request.abandoned = true;
                }
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for embedding model '" + modelId + "'");
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

    /** Runs queued batches, oldest first, until {@code mine} are done or taken by another lane. Holds a permit. */
    private void runUntilDone(Request[] mine) {
        while (!allDone(mine)) {
            if (closedReason != null) {
                failQueued();
                return;
            }
            List<Request> batch = nextBatch();
            if (batch.isEmpty()) {
                return; // ours are done or running in another lane
            }
            run(batch);
        }
    }

    /**
     * The next batch: a prefix of the queue (so first come, first served), at most {@code maxBatch}
     * long, that stops before a sequence that would make padding too costly. A batch is padded to its
     * longest sequence, so one long text among short ones multiplies the work: the padded tokens may
     * exceed the real ones by half, plus {@value #PADDING_SLACK} (short texts batch freely). The
     * sequence left out heads the next batch.
     */
    private List<Request> nextBatch() {
        synchronized (taking) {
            return takeBatch();
        }
    }

    private List<Request> takeBatch() {
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
        synchronized (taking) {
            Request request;
            while ((request = queue.poll()) != null) {
                request.complete(null, closed);
            }
        }
    }

    /** Closes the encoder unless a batch still runs (its thread then closes it). */
    private void closeIfIdle() {
        if (permits.tryAcquire(lanes)) {
            try {
                failQueued();
                closeEncoder();
            } finally {
                permits.release(lanes);
            }
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
     * Refuses new work, waits (up to the close timeout) for the batches that run, fails what is queued
     * and closes the encoder. If a running batch outlasts the timeout, the encoder stays open and the
     * last thread to finish a batch closes it.
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
            locked = permits.tryAcquire(lanes, closeTimeoutMillis, TimeUnit.MILLISECONDS);
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
            permits.release(lanes);
        }
        wakeNext(); // a caller that queued while this thread held the permits fails at once
    }
}
