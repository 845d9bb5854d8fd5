package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.store.Store;

/**
 * One training run over the whole store: read every event into the matrix, search the model on a
 * validation split of them when a budget is given, then train the chosen settings on all of them.
 */
final class Training {

    private Training() {
    }

    /** @param budget the model search's limits, or null to train {@code settings} as they are */
    static CfModel run(Store store, long version, CfSettings settings, ModelSearch.Budget budget, JobContext progress) {
        long start = System.nanoTime();
        long total = store.counts().events();
        progress.total(total, "events");
        progress.message("reading events");
        Interactions.Builder builder = new Interactions.Builder();
        List<Event> kept = budget == null ? null : new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        AtomicLong read = new AtomicLong();
        store.scanEvents(event -> {
            builder.add(event);
            if (kept != null && event.itemId() != null && Feedback.weight(event.type()) != 0f) {
                kept.add(slim(event, ids));
            }
            if (read.incrementAndGet() % 10_000 == 0) {
                progress.done(read.get());
                progress.checkCancelled();
            }
        });
        progress.done(read.get());
        Interactions data = builder.build();
        if (data.itemCount() == 0) {
            throw new IllegalStateException("the store holds no item events to learn from");
        }
        if (budget == null) {
            return CfModel.train(version, data, read.get(), settings, progress);
        }
        SearchReport report = ModelSearch.search(kept, settings, budget, progress);
        kept.clear();
        CfSettings chosen = ModelSearch.chosen(report, settings);
        progress.message("training the chosen model on every event: " + chosen.describe());
        return CfModel.assemble(version, data, read.get(), chosen, CfModel.parts(data, chosen, progress), start, report);
    }

    /**
     * What the search needs of an event (type, member, item, time) and no more, with member and item
     * ids shared: the store's events carry ids, prices, texts and attributes, several times the size.
     */
    private static Event slim(Event event, Map<String, String> ids) {
        return new Event("", event.type(), ids.computeIfAbsent(event.memberId(), id -> id),
                ids.computeIfAbsent(event.itemId(), id -> id), 0, null, null, event.timestamp(), null);
    }
}
