package org.affinity.profile.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.api.embedding.Reembeddable;
import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profiles;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.affinity.api.vector.VectorIndex;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Profiles service: listens to the store (each event updates one profile in O(1)), keeps
 * member vectors in the "members" collection, refreshes population statistics on a schedule, saves
 * profiles under {@code <affinity.data>/profiles} and rebuilds them as a job when the saved ones do
 * not match the store (first start, after a crash) or when the embedding model changes.
 */
@Component(service = {Profiles.class, StoreListener.class, Reembeddable.class, ProfileService.class},
        configurationPid = "org.affinity.profile",
        immediate = true)
@Designate(ocd = ProfileConfig.class)
public class ProfileService extends EngineProfiles implements StoreListener, Reembeddable {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

    private final Jobs jobs;
    private final ProfileEngine engine;
    private final ScheduledExecutorService background;
    private volatile Job rebuildJob;
    private volatile String lastModel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + EmbeddingModel.ACTIVE + "=true)")
    private volatile EmbeddingModel model;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VectorIndex vectors;

    @Activate
    public ProfileService(BundleContext context, ProfileConfig config, @Reference Store store, @Reference Jobs jobs) {
        this.jobs = jobs;
        String data = context.getProperty("affinity.data");
        Path folder = Path.of(data == null || data.isBlank() ? "var" : data, "profiles");
        ZoneId zone = ZoneId.of(config.zone());
        this.engine = new ProfileEngine(store, Weights.of(config), zone, config.respectConsent(), reference(config.referenceDate(), zone),
                folder, new ModelVectors(() -> model, () -> vectors), new IndexedMemberVectors(() -> model, () -> vectors));
        boolean current = engine.start();
        lastModel = engine.vectorModel();
        background = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-profiles");
            thread.setDaemon(true);
            return thread;
        });
        background.scheduleWithFixedDelay(this::step, 250, 250, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::refreshQuietly, config.refreshSeconds(), config.refreshSeconds(), TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(engine::saveIfChanged, config.snapshotSeconds(), config.snapshotSeconds(), TimeUnit.SECONDS);
        if (!current) {
            rebuild();
        }
    }

    /** "auto" (null: the day after the latest purchase), "today", or a date. */
    static LocalDate reference(String setting, ZoneId zone) {
        String value = setting == null ? "auto" : setting.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("auto")) {
            return null;
        }
        if (value.equalsIgnoreCase("today")) {
            return LocalDate.now(zone);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("referenceDate must be auto, today or yyyy-MM-dd, was '" + value + "'");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        Job job = rebuildJob;
        if (job != null) {
            job.cancel();
        }
        engine.save();
    }

    private void step() {
        try {
            String current = model == null ? null : model.id();
            if (current != null && lastModel != null && !current.equals(lastModel) && !engine.rebuilding()) {
                LOG.info("embedding model changed from {} to {}: rebuilding member vectors", lastModel, current);
                lastModel = current;
                rebuild();
                return;
            }
            if (current != null) {
                lastModel = current;
            }
            engine.step();
            engine.refreshIfMovedOn();
        } catch (RuntimeException e) {
            LOG.warn("background profile work failed (retried): {}", e.toString());
        }
    }

    private void refreshQuietly() {
        try {
            engine.refresh();
        } catch (RuntimeException e) {
            LOG.warn("population refresh failed: {}", e.toString());
        }
    }

    @Override
    ProfileEngine engine() {
        return engine;
    }

    // --- Profiles (the reads are EngineProfiles') ------------------------------------------------

    @Override
    public synchronized Job rebuild() {
        Job running = rebuildJob;
        if (running != null && !running.status().state().finished()) {
            return running;
        }
        rebuildJob = jobs.submit("profiles", "rebuild every member profile from the store", engine::rebuild);
        return rebuildJob;
    }

    // --- Reembeddable ------------------------------------------------------------------------

    @Override
    public String collection() {
        return IndexedMemberVectors.MEMBERS;
    }

    /** Member vectors are made from item vectors and own words: a rebuild makes them in the active model's space. */
    @Override
    public Job reembed() {
        return rebuild();
    }

    // --- StoreListener ------------------------------------------------------------------------

    @Override
    public void eventsAppended(List<Event> events) {
        engine.eventsAppended(events);
    }

    @Override
    public void itemsChanged(List<Item> items) {
        engine.itemsChanged(items);
    }

    @Override
    public void membersChanged(List<Member> members) {
        engine.membersChanged(members);
    }

    @Override
    public void memberErased(String memberId) {
        engine.memberErased(memberId);
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        return engine.exportMember(memberId);
    }
}
