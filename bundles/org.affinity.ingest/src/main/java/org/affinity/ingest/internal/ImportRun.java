package org.affinity.ingest.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.affinity.api.event.Event;
import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobTask;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.store.AppendResult;
import org.affinity.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import, in two passes over the file: the first counts the rows and gathers the catalogue
 * (items and members the rows describe), which is stored first, so that whoever listens to the
 * events already knows their items; the second validates and stores the records in batches.
 * Every row ends up counted once: imported, duplicate, skipped (with the preset's reason) or
 * rejected (with its line, field and reason).
 *
 * <p>The second pass overlaps reading with storing: one writer thread stores a batch while the next
 * is parsed (a single writer keeps the batches in file order; at most one is in flight).
 */
public final class ImportRun implements JobTask {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);
    /**
     * Default records per transaction (option "batch"): large enough that commits (each one
     * durable) do not dominate, small enough that listeners get steady batches and memory stays flat.
     */
    static final int BATCH = 20_000;

    private final ImportPlan plan;
    private final Store store;
    /** The consent of the members the file creates: the import's consent option, else the configured one. */
    private final Consent newMembers;

    private long read;
    private long imported;
    private long duplicates;
    private long skipped;
    private long rejected;
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, Long> skipReasons = new LinkedHashMap<>();
    private final Map<String, Long> rejectReasons = new LinkedHashMap<>();
    private ExecutorService writer;
    private Future<?> pending = CompletableFuture.completedFuture(null);

    /** Outside OSGi (benchmarks): an import of {@code request} into {@code store}. */
    public ImportRun(ImportRequest request, Store store) throws IOException {
        this(new ImportPlan(request), store, Consent.NONE);
    }

    /** @param configured the consent of members the file creates when the import gives none */
    ImportRun(ImportPlan plan, Store store, Consent configured) {
        this.plan = plan;
        this.store = store;
        this.newMembers = plan.consent != null ? plan.consent : configured;
    }

    @Override
    public ImportReport run(JobContext context) throws IOException {
        List<String> notes = new ArrayList<>(plan.preset.notes(plan.header));
        context.message("pass 1/2: reading the catalogue");
        Catalogue catalogue = new Catalogue();
        long rows = 0;
        try (Source source = Source.open(plan.file, plan.format, plan.delimiter)) {
            for (Source.Row row = source.next(); row != null; row = source.next()) {
                rows++;
                if (row.error() == null) {
                    catalogue.add(plan.preset.map(row.values()));
                }
                if ((rows & 0x3fff) == 0) {
                    context.checkCancelled();
                    context.done(rows);
                }
            }
        }
        if (!catalogue.isEmpty()) {
            List<Item> items = catalogue.items(plan.currency);
            List<Member> members = catalogue.members(newMembers);
            context.message("storing the catalogue: " + items.size() + " items, " + members.size() + " members");
            for (int from = 0; from < items.size(); from += BATCH) {
                store.putItems(items.subList(from, Math.min(items.size(), from + BATCH)));
            }
            for (int from = 0; from < members.size(); from += BATCH) {
                store.mergeMembers(members.subList(from, Math.min(members.size(), from + BATCH)));
            }
            notes.add(String.format("catalogue: %,d items and %,d members created or updated from the file", items.size(),
                    members.size()));
        }

        context.total(rows, "rows");
        context.done(0);
        context.message("pass 2/2: importing " + plan.preset.kind().name().toLowerCase());
        Records records = new Records(plan.preset.zone());
        Instant now = Instant.now();
        List<Event> events = new ArrayList<>(plan.batch);
        List<Item> items = new ArrayList<>();
        writer = Executors.newSingleThreadExecutor(task -> new Thread(task, "affinity-import-writer"));
        try (Source source = Source.open(plan.file, plan.format, plan.delimiter)) {
            for (Source.Row row = source.next(); row != null; row = source.next()) {
                read++;
                if (row.error() != null) {
                    reject(new Rejection(row.line(), null, row.error()));
                } else {
                    accept(row, records, now, events, items);
                }
                if (events.size() >= plan.batch) {
                    flushEvents(events);
                }
                if (items.size() >= plan.batch) {
                    flushItems(items);
                }
                if ((read & 0x3ff) == 0) {
                    context.checkCancelled();
                    context.done(read);
                }
            }
            flushEvents(events);
            flushItems(items);
            awaitWriter();
        } finally {
            stopWriter();
        }
        context.done(read);
        context.message(String.format("done: %,d imported, %,d duplicates, %,d skipped, %,d rejected", imported,
                duplicates, skipped, rejected));

        skipReasons.forEach((reason, count) -> notes.add(String.format("skipped %,d: %s", count, reason)));
        if (rejected > rejections.size()) {
            notes.add(String.format("the first %,d rejections are listed; all %,d by reason: %s", rejections.size(),
                    rejected, rejectReasons));
        }
        ImportReport report = new ImportReport(read, imported, duplicates, skipped, rejected, rejections, notes);
        LOG.info("import of {} ({}): {} read, {} imported, {} duplicates, {} skipped, {} rejected", plan.file,
                plan.preset.name(), read, imported, duplicates, skipped, rejected);
        return report;
    }

    private void accept(Source.Row row, Records records, Instant now, List<Event> events, List<Item> items) {
        Outcome outcome = plan.preset.map(row.values());
        if (outcome.skip() != null) {
            skipped++;
            skipReasons.merge(outcome.skip(), 1L, Long::sum);
            return;
        }
        Map<String, Object> values = Records.withoutNulls(outcome.record());
        try {
            switch (plan.preset.kind()) {
                case EVENTS:
                    events.add(records.event(values, now));
                    break;
                case ITEMS:
                    items.add(records.item(values, null, now));
                    break;
                default:
                    Member member = records.member(values, null, now);
                    awaitWriter();
                    store.putMember(member);
                    imported++;
            }
        } catch (Invalid e) {
            reject(new Rejection(row.line(), e.field, e.getMessage()));
        }
    }

    private void reject(Rejection rejection) {
        rejected++;
        rejectReasons.merge((rejection.field() == null ? "" : rejection.field() + ": ")
                + rejection.reason().replaceAll("'[^']*'|-?\\d[\\d.,]*", "_"), 1L, Long::sum);
        if (rejections.size() < plan.maxRejections) {
            rejections.add(rejection);
        }
    }

    private void flushEvents(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Event> batch = List.copyOf(events);
        events.clear();
        awaitWriter();
        pending = writer.submit(() -> {
            AppendResult result = store.append(batch, newMembers);
            imported += result.appended();
            duplicates += result.duplicates();
        });
    }

    private void flushItems(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        List<Item> batch = List.copyOf(items);
        items.clear();
        awaitWriter();
        pending = writer.submit(() -> {
            store.putItems(batch);
            imported += batch.size();
        });
    }

    /** Waits for the batch in flight; its counts are visible afterwards, its failure is the import's. */
    private void awaitWriter() {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** On every exit (cancel included) the batch in flight is finished before the job ends. */
    private void stopWriter() {
        writer.shutdown();
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // already reported by awaitWriter, or superseded by the exception that ended the import
        }
    }
}
