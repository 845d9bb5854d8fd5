package org.affinity.search.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.ModelUnavailableException;
import org.affinity.api.item.Item;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.Jobs;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.search.SearchUnavailableException;
import org.affinity.api.store.Store;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the item collection in step with the store. Changes arrive from the store's listener thread
 * and wait, coalesced, in {@link PendingItems}; one indexer thread embeds them in batches (a big
 * backlog as a job with progress). Catch-ups and reindexes run as jobs. Every write to the
 * collection holds one lock, so a job and the indexer thread never interleave, and an item's latest
 * state is always the last one written.
 */
final class ItemIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ItemIndex.class);
    private static final long IDLE_MILLIS = 500;

    /** The model and the collection that holds its vectors, when they agree. */
    record Target(EmbeddingModel model, VectorCollection collection) {
    }

    /** A catch-up or reindex job; a request while one is queued joins it. */
    private static final class SyncRun {
        Job job;
        boolean reembed;
    }

    private final Store store;
    private final VectorIndex vectors;
    private final Jobs jobs;
    private final PendingItems pending = new PendingItems();
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread indexer;
    private volatile Settings settings;
    private volatile EmbeddingModel model;
    private volatile VectorCollection collection;
    private volatile boolean running = true;
    private volatile int inFlight;
    private volatile Job bulkJob;

    // guarded by this
    private SyncRun queued;
    private SyncRun syncing;
    private boolean started;

    ItemIndex(Store store, VectorIndex vectors, Jobs jobs, Settings settings) {
        this.store = store;
        this.vectors = vectors;
        this.jobs = jobs;
        this.settings = settings;
        this.collection = vectors.existing(CatalogSearch.COLLECTION).orElse(null);
        this.indexer = new Thread(this::index, "affinity-search-indexer");
        indexer.setDaemon(true);
    }

    /** Starts indexing; with a model, first catches up with the store (after a crash, a restore, a new model). */
    void start() {
        synchronized (this) {
            started = true;
        }
        indexer.start();
        if (model != null) {
            requestSync(false);
        }
    }

    void settings(Settings settings) {
        this.settings = settings;
    }

    /** A model became active: a catch-up follows (for another model than the collection's, it re-embeds everything). */
    synchronized void model(EmbeddingModel model) {
        EmbeddingModel before = this.model;
        this.model = model;
        pending.wake();
        if (started && model != null && model != before) {
            requestSync(false);
        }
    }

    /** A model went away; changes wait until the next one. A greedy replacement binds the new model first. */
    synchronized void modelGone(EmbeddingModel gone) {
        if (model == gone) {
            model = null;
            pending.wake();
        }
    }

    void changed(List<Item> items) {
        pending.add(items);
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The model and its collection, or why a search cannot be answered now. */
    Target target() {
        EmbeddingModel current = model;
        if (current == null) {
            throw new SearchUnavailableException("no embedding model is active: search needs one (see affinity:jobs and "
                    + "the org.affinity.embedding configuration)");
        }
        VectorCollection items = collection;
        if (items == null || !items.modelId().equals(current.id()) || items.dimension() != current.dimension()) {
            throw new SearchUnavailableException("the item index is being rebuilt for model " + current.id() + ": try again shortly");
        }
        return new Target(current, items);
    }

    Store store() {
        return store;
    }

    Settings currentSettings() {
        return settings;
    }

    /** Removes the vector of an item the store no longer has (found by a search). */
    void forget(VectorCollection items, String itemId) {
        if (store.item(itemId).isEmpty()) {
            try {
                items.delete(itemId);
            } catch (IllegalStateException e) {
                // a catch-up replaced the collection meanwhile: it has no vector for an item the store lacks
            }
        }
    }

    SearchStatus status() {
        EmbeddingModel current = model;
        VectorCollection items = collection;
        String syncJob;
        synchronized (this) {
            SyncRun sync = syncing != null ? syncing : queued;
            syncJob = sync != null && sync.job != null ? sync.job.id() : null;
        }
        Job bulk = bulkJob;
        long waiting = pending.size() + inFlight;
        SearchStatus.State state;
        if (current == null) {
            state = SearchStatus.State.NO_MODEL;
        } else if (syncJob != null || items == null || !items.modelId().equals(current.id())) {
            state = SearchStatus.State.SYNCING;
        } else if (waiting > 0 || bulk != null) {
            state = SearchStatus.State.INDEXING;
        } else {
            state = SearchStatus.State.READY;
        }
        long indexed = 0;
        if (items != null) {
            try {
                indexed = items.size();
            } catch (IllegalStateException e) {
                // replaced by a catch-up this instant: counts as empty
            }
        }
        return new SearchStatus(state, items == null ? null : items.modelId(), indexed, store.counts().items(), waiting,
                syncJob != null ? syncJob : bulk == null ? null : bulk.id());
    }

    // --- jobs ------------------------------------------------------------------------------------

    /** Re-embeds every item (a queued catch-up becomes a reindex). */
    Job reindex() {
        if (model == null) {
            throw new SearchUnavailableException("no embedding model is active: nothing to reindex with");
        }
        return requestSync(true);
    }

    private synchronized Job requestSync(boolean reembed) {
        if (queued != null) {
            queued.reembed |= reembed;
            return queued.job;
        }
        SyncRun run = new SyncRun();
        run.reembed = reembed;
        String title = reembed ? "Search index: re-embed every item" : "Search index: catch up with the store";
        // The job cannot start before this method returns: its first step takes this monitor.
        run.job = jobs.submit("reindex", title, context -> sync(run, context));
        queued = run;
        return run.job;
    }

    private Object sync(SyncRun run, JobContext context) throws InterruptedException {
        synchronized (this) {
            if (queued == run) {
                queued = null;
            }
            syncing = run;
        }
        try {
            writing.lockInterruptibly();
            try {
                EmbeddingModel current = model;
                if (current == null) {
                    return "no embedding model is active: the index catches up once one is";
                }
                IndexReport report = IndexSync.run(store, vectors, current, run.reembed, settings.batchSize(), context,
                        opened -> collection = opened);
                LOG.info("{}", report);
                return report;
            } catch (ModelUnavailableException e) {
                // A newer model is (or will be) bound; its own catch-up follows.
                return "stopped: " + e.getMessage();
            } finally {
                writing.unlock();
            }
        } finally {
            synchronized (this) {
                syncing = null;
            }
            pending.wake();
        }
    }

    // --- the indexer thread ----------------------------------------------------------------------

    private void index() {
        while (running) {
            try {
                int waiting = pending.await(IDLE_MILLIS);
                if (waiting == 0 || !running) {
                    continue;
                }
                if (writable() == null || writing.isLocked()) {
                    // no model, a catch-up for a new one has yet to open its collection, or a job is writing
                    pending.pause(IDLE_MILLIS);
                } else if (waiting >= settings.bulkThreshold()) {
                    runBulkJob(waiting);
                } else if (drain(IDLE_MILLIS) == null) {
                    pending.pause(IDLE_MILLIS);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("indexing changed items failed; retrying", e);
                sleepQuietly();
            }
        }
    }

    /** A big backlog (an import) becomes a job, so its progress shows; this thread waits for it. */
    private void runBulkJob(int waiting) throws InterruptedException {
        Job job = jobs.submit("index", String.format("Search index: embed %,d changed items", waiting), this::drainAll);
        bulkJob = job;
        try {
            while (running && !job.await(Duration.ofSeconds(1)).state().finished()) {
                // waiting; close() cancels it
            }
        } finally {
            bulkJob = null;
        }
    }

    private Object drainAll(JobContext context) throws InterruptedException {
        long done = 0;
        context.total(pending.size(), "items");
        ItemIndexer.Counts counts = ItemIndexer.Counts.NONE;
        while (running && pending.size() > 0) {
            context.checkCancelled();
            ItemIndexer.Counts batch = drain(Long.MAX_VALUE);
            if (batch == null) {
                return String.format("paused after %,d items: the model went away or is being replaced; %,d wait", done,
                        pending.size());
            }
            counts = counts.plus(batch);
            done = counts.embedded() + counts.refiled() + counts.unchanged();
            context.total(done + pending.size(), "items");
            context.done(done);
        }
        return String.format("%,d changed items indexed: %,d embedded, %,d with new fields, %,d unchanged", done,
                counts.embedded(), counts.refiled(), counts.unchanged());
    }

    /**
     * Indexes one batch of waiting changes, entry by entry (the index commits periodically, so a long
     * backlog does not become a segment per batch); null when nothing could be written: no model,
     * another model's collection, or a catch-up held the lock longer than {@code lockMillis}.
     */
    private ItemIndexer.Counts drain(long lockMillis) throws InterruptedException {
        if (!writing.tryLock(lockMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        try {
            Target target = writable();
            if (target == null) {
                return null;
            }
            List<Item> batch = pending.take(settings.batchSize());
            inFlight = batch.size();
            try {
                return ItemIndexer.apply(batch, target.model(), target.collection());
            } catch (IllegalStateException e) {   // the model went away, or a catch-up replaced the collection
                pending.putBack(batch);
                LOG.debug("{} changed items wait: {}", batch.size(), e.toString());
                return null;
            } finally {
                inFlight = 0;
            }
        } finally {
            writing.unlock();
        }
    }

    private Target writable() {
        EmbeddingModel current = model;
        VectorCollection items = collection;
        if (current == null || items == null || !items.modelId().equals(current.id()) || items.dimension() != current.dimension()) {
            return null;
        }
        return new Target(current, items);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        indexer.interrupt();
        pending.wake();
        Job bulk = bulkJob;
        if (bulk != null) {
            bulk.cancel();
        }
        SyncRun[] runs;
        synchronized (this) {
            runs = new SyncRun[] {queued, syncing};
        }
        for (SyncRun run : runs) {
            if (run != null && run.job != null) {
                run.job.cancel();
            }
        }
        try {
            indexer.join(TimeUnit.SECONDS.toMillis(10));
            for (SyncRun run : runs) {
                if (run != null && run.job != null) {
                    run.job.await(Duration.ofSeconds(10));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
