package org.affinity.reco.popularity.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.Jobs;
import org.affinity.api.member.Member;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the popularity model current: counts the whole store once (as a job), then every change the
 * store announces. An erase schedules a recount so aggregates lose the member's events too. A stop
 * saves the counts and the next start serves them at once (recounting a minute later, for what
 * happened in between), so an updated or restarted bundle never answers from an empty count.
 */
@Component(service = {PopularityIndex.class, StoreListener.class}, configurationPid = "org.affinity.reco.popularity",
        immediate = true)
@Designate(ocd = PopularityConfig.class)
public class PopularityIndex implements StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(PopularityIndex.class);

    /** How long a start that read saved counts waits before counting everything again. */
    static final long RECOUNT_AFTER_SAVED_SECONDS = 60;

    private final Store store;
    private final PopularityConfig config;
    /** Where a stop saves the counts for the next start, or null (tests). */
    private final Path savedCounts;
    /** Whether the live model holds a whole count (saved or counted), so a stop may save it. */
    private volatile boolean complete;
    private final ScheduledThreadPoolExecutor scheduler = scheduler();
    private volatile PopularityModel model;
    /**
     * Changes announced while a recount runs, replayed on the new model before it goes live. (An
     * event committed during the scan may be both scanned and replayed: a negligible double count.)
     */
    private List<Consumer<PopularityModel>> pending;
    private ScheduledFuture<?> eraseRecount;
    /** One recount at a time. */
    private final Object recounting = new Object();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Jobs jobs;

    @Activate
    public PopularityIndex(@Reference Store store, PopularityConfig config, BundleContext context) {
        this(store, config, dataFolder(context).resolve("reco-popularity").resolve("counts.bin"));
    }

    PopularityIndex(Store store, PopularityConfig config) {
        this(store, config, (Path) null);
    }

    PopularityIndex(Store store, PopularityConfig config, Path savedCounts) {
        this.store = store;
        this.config = config;
        this.savedCounts = savedCounts;
        this.model = newModel();
        scheduler.execute(this::start);
    }

    /** One thread; delayed recounts are dropped at a stop, not run for a component that is gone. */
    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "affinity-popularity");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data);
    }

    @Deactivate
    void deactivate() {
        // Not shutdownNow(): without the jobs service the count runs here, and an interrupt inside a
        // store read closes H2's file channel and with it the database for every caller.
        scheduler.shutdown();
        if (savedCounts != null && complete) {
            try {
                long start = System.nanoTime();
                model.save(savedCounts);
                LOG.info("popularity: counts saved for the next start in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.warn("popularity: the counts could not be saved, the next start counts again: {}", e.toString());
            }
        }
    }

    /** Serves the saved counts at once when there are any (recounting later), else counts now. */
    private void start() {
        Optional<PopularityModel> saved = Optional.empty();
        if (savedCounts != null) {
            try {
                saved = PopularityModel.read(savedCounts, PopularityModel.weights(config.weights()), config.halfLifeDays());
            } catch (IOException | RuntimeException e) {
                LOG.warn("popularity: the saved counts could not be read, counting again: {}", e.toString());
            }
        }
        if (saved.isEmpty()) {
            submitRecount();
            return;
        }
        PopularityModel counts = saved.get();
        store.scanMembers(counts::put);
        store.scanItems(counts::put);
        synchronized (this) {
            model = counts;
            complete = true;
        }
        LOG.info("popularity: serving the counts saved at the last stop, counting again in {} s", RECOUNT_AFTER_SAVED_SECONDS);
        scheduler.schedule(this::submitRecount, RECOUNT_AFTER_SAVED_SECONDS, TimeUnit.SECONDS);
    }

    PopularityModel model() {
        return model;
    }

    PopularityConfig config() {
        return config;
    }

    Store store() {
        return store;
    }

    private PopularityModel newModel() {
        return new PopularityModel(PopularityModel.weights(config.weights()), config.halfLifeDays());
    }

    private void submitRecount() {
        Jobs current = jobs;
        if (current != null) {
            current.submit("popularity", "Count popular items", this::recount);
        } else {
            try {
                recount(null);
            } catch (RuntimeException e) {
                LOG.warn("counting popular items failed", e);
            }
        }
    }

    /** Counts everything from the store into a fresh model, then swaps it in. */
    String recount(JobContext context) {
        synchronized (recounting) {
            return recountAlone(context);
        }
    }

    private String recountAlone(JobContext context) {
        PopularityModel fresh = newModel();
        synchronized (this) {
            pending = new ArrayList<>();
        }
        if (context != null) {
            context.total(store.counts().events(), "events");
            context.message("members and items");
        }
        store.scanMembers(fresh::put);
        store.scanItems(fresh::put);
        long[] counted = {0};
        store.scanEvents(event -> {
            fresh.add(event);
            if (context != null && ++counted[0] % 10_000 == 0) {
                context.done(counted[0]);
                context.checkCancelled();
            }
        });
        synchronized (this) {
            pending.forEach(change -> change.accept(fresh));
            pending = null;
            model = fresh;
            complete = true;
        }
        LOG.info("popularity counted {} events", counted[0]);
        return counted[0] + " events counted";
    }

    /** Applies a change to the live model, and to the one being counted if a recount runs. */
    private synchronized void apply(Consumer<PopularityModel> change) {
        change.accept(model);
        if (pending != null) {
            pending.add(change);
        }
    }

    @Override
    public void eventsAppended(List<Event> events) {
        apply(target -> events.forEach(target::add));
    }

    @Override
    public void itemsChanged(List<Item> items) {
        apply(target -> items.forEach(target::put));
    }

    @Override
    public void membersChanged(List<Member> members) {
        apply(target -> members.forEach(target::put));
    }

    @Override
    public void memberErased(String memberId) {
        apply(target -> target.forget(memberId));
        synchronized (this) {
            if (eraseRecount == null || eraseRecount.isDone()) {
                eraseRecount = scheduler.schedule(this::submitRecount, config.eraseRebuildDelaySeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
