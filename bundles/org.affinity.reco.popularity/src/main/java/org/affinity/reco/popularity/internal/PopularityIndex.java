package org.affinity.reco.popularity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.Jobs;
import org.affinity.api.member.Member;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
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
 * store announces. An erase schedules a recount so aggregates lose the member's events too.
 */
@Component(service = {PopularityIndex.class, StoreListener.class}, configurationPid = "org.affinity.reco.popularity",
        immediate = true)
@Designate(ocd = PopularityConfig.class)
public class PopularityIndex implements StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(PopularityIndex.class);

    private final Store store;
    private final PopularityConfig config;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "affinity-popularity");
        thread.setDaemon(true);
        return thread;
    });
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
    public PopularityIndex(@Reference Store store, PopularityConfig config) {
        this.store = store;
        this.config = config;
        this.model = newModel();
        scheduler.execute(this::submitRecount);
    }

    @Deactivate
    void deactivate() {
        // Not shutdownNow(): without the jobs service the count runs here, and an interrupt inside a
        // store read closes H2's file channel and with it the database for every caller.
        scheduler.shutdown();
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
