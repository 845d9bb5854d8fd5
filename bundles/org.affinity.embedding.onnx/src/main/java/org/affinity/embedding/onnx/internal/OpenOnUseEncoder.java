package org.affinity.embedding.onnx.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session that exists only while it is used: opened at the first batch, closed by
 * {@link #closeIfIdle} once no batch ran for a while, opened again at the next. A model on demand
 * (bge-small-zh for the chat's Chinese) thus costs its ~80-170 MB resident only while Chinese text
 * arrives, not for as long as the chat bundles run. Batches run concurrently under the read lock;
 * opening and closing take the write lock, so a session is never closed under a running batch.
 */
final class OpenOnUseEncoder implements BatchEncoder {

    /** Opens the session (reads the model file, creates the ONNX Runtime session). */
    @FunctionalInterface
    interface Opener {
        BatchEncoder open() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpenOnUseEncoder.class);

    private final String modelId;
    private final Opener opener;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private BatchEncoder session; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile long lastUsed = System.nanoTime();
    private volatile int opens;

    OpenOnUseEncoder(String modelId, Opener opener) {
        this.modelId = modelId;
        this.opener = opener;
    }

    @Override
    public float[][] encode(int[][] batch) throws Exception {
        lock.readLock().lock();
        try {
            if (session == null) {
                openUnderWriteLock();
            }
            lastUsed = System.nanoTime();
            return session.encode(batch);
        } finally {
            lastUsed = System.nanoTime();
            lock.readLock().unlock();
        }
    }

    /** Called holding the read lock; returns holding it again, with the session open. */
    private void openUnderWriteLock() throws Exception {
        lock.readLock().unlock();
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model '" + modelId + "' was closed");
            }
            if (session == null) {
                long started = System.nanoTime();
                session = opener.open();
                opens++;
                LOG.info("embedding model '{}' opened its session on use in {} ms", modelId,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        } finally {
            lock.readLock().lock(); // downgrade: the session cannot close before this batch ends
            lock.writeLock().unlock();
        }
    }

    /**
     * Closes the session when no batch has run for {@code idleNanos} and none runs now; it opens again
     * at the next batch.
     *
     * @return whether it closed the session
     */
    boolean closeIfIdle(long idleNanos) {
        if (System.nanoTime() - lastUsed < idleNanos || !lock.writeLock().tryLock()) {
            return false;
        }
        try {
            if (session == null || System.nanoTime() - lastUsed < idleNanos) {
                return false;
            }
            session.close();
            session = null;
            LOG.info("embedding model '{}' closed its session after {} s unused; it opens again at the next text",
                    modelId, TimeUnit.NANOSECONDS.toSeconds(idleNanos));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isOpen() {
        lock.readLock().lock();
        try {
            return session != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sessions opened so far. */
    int opens() {
        return opens;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
