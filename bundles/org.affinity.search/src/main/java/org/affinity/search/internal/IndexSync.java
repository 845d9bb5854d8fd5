package org.affinity.search.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.job.JobContext;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.store.Store;
import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorEntry;
import org.affinity.api.vector.VectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the item collection in step with the store: opens it for the model (which empties it when it
 * holds another model's vectors), compares every stored item with its entry, and embeds what is
 * missing or stale, in bulk chunks. Vectors of items the store no longer has cannot be listed, only
 * counted: when there are any, the collection is dropped and rebuilt.
 */
final class IndexSync {

    private static final Logger LOG = LoggerFactory.getLogger(IndexSync.class);
    /**
     * Entries written as one bulk load: every bulk load commits, and every commit is a new segment
     * (each searched on its own), so few large writes make a faster index than many small ones.
     */
    static final int BULK_WRITE = 10_000;

    private IndexSync() {
    }

    /**
     * @param reembed embed every item again, whatever its entry says
     * @param opened told about the collection as soon as it is open, so searches use it while it fills
     */
    static IndexReport run(Store store, VectorIndex vectors, EmbeddingModel model, boolean reembed, int chunk,
            JobContext context, Consumer<VectorCollection> opened) {
        long started = System.nanoTime();
        context.message("comparing the index with the store (model " + model.id() + ")");
        VectorCollection collection = vectors.open(CatalogSearch.COLLECTION, model.id(), model.dimension());
        opened.accept(collection);
        List<String> all = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        long[] present = {0};
        store.scanItems(item -> {
            all.add(item.id());
            Optional<VectorEntry> entry = collection.get(item.id());
            if (entry.isPresent()) {
                present[0]++;
            }
            if (reembed || ItemVectors.change(entry, ItemVectors.fields(item, ItemVectors.text(item))) != ItemVectors.Change.NONE) {
                stale.add(item.id());
            }
        });
        context.checkCancelled();
        long orphans = collection.size() - present[0];
        VectorCollection target = collection;
        List<String> todo = stale;
        if (orphans > 0) {
            LOG.warn("the item index holds {} vectors of items the store does not have: rebuilding it", orphans);
            vectors.drop(CatalogSearch.COLLECTION);
            target = vectors.open(CatalogSearch.COLLECTION, model.id(), model.dimension());
            opened.accept(target);
            todo = all;
        }
        context.total(todo.size(), "items");
        context.message(String.format("embedding %,d of %,d items with %s", todo.size(), all.size(), model.id()));
        ItemIndexer.Counts counts = ItemIndexer.Counts.NONE;
        List<VectorEntry> unwritten = new ArrayList<>();
        for (int from = 0; from < todo.size(); from += chunk) {
            context.checkCancelled();
            List<String> ids = todo.subList(from, Math.min(todo.size(), from + chunk));
            ItemIndexer.Batch batch = ItemIndexer.entries(store.items(ids), model, target, reembed);
            counts = counts.plus(batch.counts());
            unwritten.addAll(batch.entries());
            if (unwritten.size() >= BULK_WRITE) {
                ItemIndexer.write(target, unwritten, true);
                unwritten.clear();
            }
            context.done(from + ids.size());
        }
        ItemIndexer.write(target, unwritten, true);
        target.commit();
        long unchanged = all.size() - todo.size() + counts.unchanged();
        IndexReport report = new IndexReport(model.id(), all.size(), counts.embedded(), counts.refiled(), unchanged,
                Math.max(0, orphans), (System.nanoTime() - started) / 1e9);
        context.message(report.toString());
        return report;
    }
}
