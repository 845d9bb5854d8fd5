package org.affinity.profile.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.job.JobContext;
import org.affinity.api.member.Member;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileExplanation;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.SimilarMember;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles, their vectors and segments, outside OSGi: listens to the store, applies each event in
 * O(1), resolves vectors and writes member vectors in the background ({@link #step}), refreshes
 * population statistics ({@link #refresh}), rebuilds from the store ({@link #rebuild}) and saves
 * to and loads from its folder.
 */
final class ProfileEngine implements StoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileEngine.class);
    static final String PROFILES_FILE = "profiles.bin";
    static final String SEGMENTS_FILE = "segments.json";
    /**
     * Member vectors are written at most this often: during an import an active member changes with
     * every event, and each write is an HNSW insertion.
     */
    private static final long VECTOR_WRITE_INTERVAL_NANOS = 1_000_000_000L;

    /** Changes heard while a rebuild scans the store, replayed into the rebuilt book unless the scan saw them. */
    private static final class Rebuilding {
        final LongHashSet scanned = new LongHashSet();
        final List<Consumer<ProfileBook>> heard = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
    }

    private final Store store;
    private final Weights weights;
    private final ZoneId zone;
    private final boolean respectConsent;
    private final LocalDate reference;
    private final Path folder;
    private final VectorSource source;
    private final MemberVectorSink sink;
    final Catalogue catalogue = new Catalogue();
    final Directory directory = new Directory();
    final ItemVectorCache itemVectors = new ItemVectorCache();
    final SegmentIndex segments;
    /** Serialises writers: the store's listener thread, a rebuild's hand-over, snapshots. */
    private final Object changes = new Object();
    private volatile ProfileBook book;
    private Rebuilding rebuilding;
    private volatile boolean unsaved;
    private volatile LongConsumer probe;
    private volatile long appliedAtRefresh;
    private volatile long vectorsWrittenAt;
    /** What the index holds, so that a vector that barely moved is not written again. */
    private final WrittenVectors written = new WrittenVectors();
    private volatile long refreshedAt;

    ProfileEngine(Store store, Weights weights, ZoneId zone, boolean respectConsent, LocalDate reference, Path folder,
            VectorSource source, MemberVectorSink sink) {
        this.store = store;
        this.weights = weights;
        this.zone = zone;
        this.respectConsent = respectConsent;
        this.reference = reference;
        this.folder = folder;
        this.source = source;
        this.sink = sink;
        this.segments = new SegmentIndex(weights.ownWordsShare());
        this.vectorsWrittenAt = System.nanoTime() - VECTOR_WRITE_INTERVAL_NANOS;
        this.refreshedAt = System.nanoTime() - 10_000_000_000L;
        this.book = newBook();
        book.watch(segments);
    }

    private ProfileBook newBook() {
        return new ProfileBook(catalogue, directory, itemVectors, weights, zone, respectConsent);
    }

    /** Measures each event's update (benchmarks). */
    void probe(LongConsumer nanosPerEvent) {
        probe = nanosPerEvent;
    }

    ProfileBook book() {
        return book;
    }

    /**
     * Reads items and members from the store and the saved profiles from the folder. Returns true
     * when the saved profiles were built from exactly the events the store holds (no rebuild needed).
     */
    boolean start() {
        store.scanItems(catalogue::put);
        store.scanMembers(directory::put);
        boolean current = false;
        if (folder != null && Files.exists(folder.resolve(PROFILES_FILE))) {
            ProfileBook loaded = newBook();
            try {
                long applied = loaded.load(folder.resolve(PROFILES_FILE));
                long stored = store.counts().events();
                current = applied == stored;
                if (current) {
                    loaded.refresh(reference);
                    loaded.watch(segments);
                    synchronized (changes) {
                        book = loaded;
                    }
                    LOG.info("loaded {} profiles built from {} events", loaded.size(), applied);
                } else {
                    LOG.info("saved profiles were built from {} events, the store holds {}: rebuilding", applied, stored);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not read saved profiles ({}): rebuilding", e.toString());
            }
        } else {
            current = store.counts().events() == 0;
        }
        try {
            if (folder != null) {
                List<String> problems = segments.load(folder.resolve(SEGMENTS_FILE), book);
                problems.forEach(p -> LOG.warn("saved segment no longer valid, skipped: {}", p));
            }
        } catch (IOException e) {
            LOG.warn("could not read saved segments: {}", e.toString());
        }
        segments.reevaluate(book);
        return current;
    }

    // --- store notifications ------------------------------------------------------------------

    @Override
    public void eventsAppended(List<Event> events) {
        LongConsumer timing = probe;
        synchronized (changes) {
            ProfileBook current = book;
            if (rebuilding != null) {
                rebuilding.events.addAll(events);
            }
            for (Event event : events) {
                long start = timing == null ? 0 : System.nanoTime();
                current.apply(event);
                if (timing != null) {
                    timing.accept(System.nanoTime() - start);
                }
            }
            unsaved = true;
        }
    }

    @Override
    public void itemsChanged(List<Item> items) {
        for (Item item : items) {
            Catalogue.Facts before = catalogue.get(item.id());
            catalogue.put(item);
            if (before != null && !before.title().equals(item.title())) {
                itemVectors.invalidate(item.id());
            }
        }
    }

    @Override
    public void membersChanged(List<Member> members) {
        synchronized (changes) {
            for (Member member : members) {
                Directory.Facts before = directory.get(member.id());
                directory.put(member);
                boolean was = before != null && before.profiling();
                boolean now = member.consent().profiling();
                if (respectConsent && was != now) {
                    consentChanged(member.id(), now);
                }
            }
        }
    }

    /** Consent withdrawn: the profile goes; given: the member's history is profiled now. */
    private void consentChanged(String memberId, boolean profiling) {
        ProfileBook current = book;
        current.remove(memberId, false);
        if (sink != null) {
            sink.delete(memberId);
        }
        written.forget(memberId);
        if (profiling) {
            List<Event> history = store.events(memberId);
            current.forgetUnprofiled(memberId, history.size());
            history.forEach(current::apply);
        }
        unsaved = true;
    }

    @Override
    public void memberErased(String memberId) {
        synchronized (changes) {
            book.remove(memberId, true);
            directory.remove(memberId);
            if (rebuilding != null) {
                rebuilding.heard.add(b -> b.remove(memberId, true));
            }
        }
        if (sink != null) {
            sink.delete(memberId);
        }
        written.forget(memberId);
        save(); // the erased profile must not stay in the saved file either
    }

    @Override
    public Map<String, Object> exportMember(String memberId) {
        Map<String, Object> derived = new LinkedHashMap<>();
        profile(memberId).ifPresent(p -> derived.put("profile", p));
        explain(memberId).ifPresent(e -> derived.put("profileExplanation", e));
        vector(memberId).ifPresent(v -> derived.put("memberVector", v));
        List<String> in = new ArrayList<>(segments.segmentsOf(memberId));
        if (!in.isEmpty()) {
            derived.put("segments", in);
        }
        return derived;
    }

    // --- reads --------------------------------------------------------------------------------

    Optional<Profile> profile(String memberId) {
        ProfileBook current = book;
        MemberState state = current.state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.of(ProfileViews.profile(state, current));
        }
    }

    Optional<ProfileExplanation> explain(String memberId) {
        ProfileBook current = book;
        MemberState state = current.state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.of(ProfileViews.explain(state, current));
        }
    }

    Optional<float[]> vector(String memberId) {
        MemberState state = book.state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.ofNullable(state.vector(weights.ownWordsShare()));
        }
    }

    /** Nearest members by the vector index, or by an exact scan when the index is not there. */
    List<SimilarMember> similar(String memberId, int count) {
        Optional<float[]> vector = vector(memberId);
        if (vector.isEmpty()) {
            return List.of();
        }
        List<SimilarMember> found = sink == null ? null : sink.nearest(vector.get(), count, memberId);
        return found != null ? found : exactNearest(vector.get(), count, memberId);
    }

    List<SimilarMember> exactNearest(float[] vector, int count, String exclude) {
        PriorityQueue<SimilarMember> best = new PriorityQueue<>((a, b) -> Double.compare(a.similarity(), b.similarity()));
        for (MemberState state : book.states()) {
            if (state.id.equals(exclude)) {
                continue;
            }
            float[] other;
            synchronized (state) {
                other = state.vector(weights.ownWordsShare());
            }
            if (other == null || other.length != vector.length) {
                continue;
            }
            best.add(new SimilarMember(state.id, Lookalike.dot(vector, other)));
            if (best.size() > count) {
                best.poll();
            }
        }
        List<SimilarMember> nearest = new ArrayList<>(best);
        nearest.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        return nearest;
    }

    /** The population statistics and RFM segment sizes now. */
    org.affinity.api.profile.PopulationStats stats() {
        ProfileBook current = book;
        Population population = current.population();
        return new org.affinity.api.profile.PopulationStats(population.reference(), population.size(), current.size(),
                segments.rfmSizes(), population.describe(), population.refreshed());
    }

    /** The model of the saved member vectors, or null when none has one. */
    String vectorModel() {
        for (MemberState state : book.states()) {
            synchronized (state) {
                if (state.model != null) {
                    return state.model;
                }
            }
        }
        return null;
    }

    // --- background work ----------------------------------------------------------------------

    /**
     * One round of background work: resolves waiting vector contributions and writes changed
     * member vectors. Returns the number of member vectors written.
     */
    int step() {
        ProfileBook current = book;
        while (current.hasWaiting() && current.resolvePending(source, 500) > 0) {
            // until every waiting member got the vectors the source has
        }
        if (sink == null || System.nanoTime() - vectorsWrittenAt < VECTOR_WRITE_INTERVAL_NANOS) {
            return 0;
        }
        vectorsWrittenAt = System.nanoTime();
        List<String> dirty = current.takeDirty();
        if (dirty.isEmpty()) {
            return 0;
        }
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, Map<String, Object>> fields = new HashMap<>();
        collect(current, dirty, vectors, fields);
        vectors.entrySet().removeIf(e -> !written.moved(e.getKey(), e.getValue()));
        sink.write(vectors, fields);
        return vectors.size();
    }

    private void collect(ProfileBook from, List<String> ids, Map<String, float[]> vectors, Map<String, Map<String, Object>> fields) {
        for (String id : ids) {
            MemberState state = from.state(id);
            if (state == null) {
                continue;
            }
            synchronized (state) {
                vectors.put(id, state.vector(weights.ownWordsShare()));
                fields.put(id, fields(state, from));
            }
        }
    }

    private static Map<String, Object> fields(MemberState state, ProfileBook book) {
        Map<String, Object> fields = new HashMap<>();
        Directory.Facts facts = book.directory.get(state.id);
        if (facts != null && facts.country() != null) {
            fields.put("country", facts.country());
        }
        org.affinity.api.profile.Rfm rfm = book.population().rfm(state);
        if (rfm != null && rfm.segment() != null) {
            fields.put("rfm", rfm.segment());
        }
        return fields;
    }

    /**
     * Refreshes the population statistics early when the events applied since the last refresh
     * are more than 5% of all (an import): scores against a population a tenth its size mislead.
     */
    boolean refreshIfMovedOn() {
        long applied = book.applied();
        long since = Math.abs(applied - appliedAtRefresh);
        if (since >= 1 && since * 20 >= applied && System.nanoTime() - refreshedAt > 2_000_000_000L) {
            refresh();
            return true;
        }
        return false;
    }

    /** Recomputes the population statistics, then re-evaluates every segment against them. */
    Population refresh() {
        ProfileBook current = book;
        appliedAtRefresh = current.applied();
        refreshedAt = System.nanoTime();
        Population population = current.refresh(reference);
        segments.reevaluate(current);
        return population;
    }

    /** Saves profiles and segment definitions to the folder (no-op without one). */
    void save() {
        if (folder == null) {
            return;
        }
        try {
            synchronized (changes) {
                book.save(folder.resolve(PROFILES_FILE));
                unsaved = false;
            }
            segments.save(folder.resolve(SEGMENTS_FILE));
        } catch (IOException e) {
            LOG.warn("could not save profiles to {}: {}", folder, e.toString());
        }
    }

    void saveIfChanged() {
        if (unsaved) {
            save();
        }
    }

    // --- rebuild ------------------------------------------------------------------------------

    /**
     * Recomputes every profile from the store while the current profiles keep serving reads and
     * events; events heard during the scan are replayed into the new profiles unless the scan saw
     * them. Returns a report.
     */
    Map<String, Object> rebuild(JobContext context) {
        long started = System.nanoTime();
        Rebuilding run = new Rebuilding();
        synchronized (changes) {
            if (rebuilding != null) {
                throw new IllegalStateException("a rebuild is already running");
            }
            rebuilding = run;
        }
        try {
            context.message("reading items and members");
            store.scanItems(catalogue::put);
            store.scanMembers(directory::put);
            ProfileBook fresh = newBook();
            int embedded = prefetchItemVectors(context);
            long total = store.counts().events();
            context.total(total, "events");
            context.message("applying events");
            long[] done = {0};
            store.scanEvents(event -> {
                run.scanned.add(LongHashSet.hash(event.id()));
                fresh.apply(event);
                if (++done[0] % 5000 == 0) {
                    context.done(done[0]);
                    context.checkCancelled();
                }
            });
            context.done(done[0]);
            context.message("resolving the vectors of members' own words");
            while (fresh.hasWaiting() && fresh.resolvePending(source, 1000) > 0) {
                context.checkCancelled();
            }
            fresh.trim();
            synchronized (changes) {
                int replayed = 0;
                for (Event event : run.events) {
                    if (!run.scanned.contains(LongHashSet.hash(event.id()))) {
                        fresh.apply(event);
                        replayed++;
                    }
                }
                run.heard.forEach(change -> change.accept(fresh));
                fresh.refresh(reference);
                fresh.watch(segments);
                book.watch(null);
                book = fresh;
                rebuilding = null;
                unsaved = true;
                LOG.info("rebuilt {} profiles from {} events ({} heard during the scan replayed)", fresh.size(), done[0], replayed);
            }
            while (fresh.hasWaiting() && fresh.resolvePending(source, 1000) > 0) {
                // what events heard during the scan still wait for
            }
            context.message("segments and member vectors");
            segments.reevaluate(fresh);
            fresh.takeDirty();
            if (sink != null && source.modelId() != null) {
                Map<String, float[]> vectors = new HashMap<>();
                Map<String, Map<String, Object>> fields = new HashMap<>();
                collect(fresh, fresh.states().stream().map(s -> s.id).toList(), vectors, fields);
                vectors.values().removeIf(v -> v == null);
                sink.replaceAll(vectors, fields);
                written.replaceAll(vectors);
            }
            save();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("profiles", fresh.size());
            report.put("events", done[0]);
            report.put("itemVectorsEmbeddedOrFetched", embedded);
            report.put("model", source.modelId());
            report.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            return report;
        } finally {
            synchronized (changes) {
                if (rebuilding == run) {
                    rebuilding = null;
                }
            }
        }
    }

    /** The live profiles as a view; it follows a rebuild's swap. */
    ProfileView view() {
        return new BookView(() -> book, null, weights.ownWordsShare());
    }

    /**
     * Profiles rebuilt from the store's events before {@code cutoff} into a book of their own (the
     * live one is untouched), scored against that population with the cutoff's day as reference
     * date. Item vectors come from the shared cache, so only items not seen yet are embedded.
     */
    ProfileView asOf(Instant cutoff, JobContext context) {
        ProfileBook past = newBook();
        store.scanItems(catalogue::put);
        store.scanMembers(directory::put);
        prefetchItemVectors(context);
        context.total(store.counts().events(), "events");
        context.message("profiles as of " + cutoff);
        long[] seen = {0};
        store.scanEvents(event -> {
            if (event.timestamp().isBefore(cutoff)) {
                past.apply(event);
            }
            if (++seen[0] % 5000 == 0) {
                context.done(seen[0]);
                context.checkCancelled();
            }
        });
        context.done(seen[0]);
        context.message("member vectors as of " + cutoff);
        while (past.hasWaiting() && past.resolvePending(source, 1000) > 0) {
            context.checkCancelled();
        }
        past.refresh(cutoff.atZone(zone).toLocalDate());
        return new BookView(() -> past, cutoff, weights.ownWordsShare());
    }

    /** Fetches or embeds the vectors of every item not cached yet, in batches, with progress. */
    private int prefetchItemVectors(JobContext context) {
        String model = source.modelId();
        if (model == null) {
            return 0;
        }
        List<String> missing = new ArrayList<>();
        for (Catalogue.Facts item : catalogue.all()) {
            if (itemVectors.get(item.id(), model) == null) {
                missing.add(item.id());
            }
        }
        context.total(missing.size(), "item vectors");
        context.message("item vectors (" + model + ")");
        for (int i = 0; i < missing.size(); i += 256) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + 256));
            itemVectors.putAll(model, source.items(chunk, catalogue));
            context.done(i + chunk.size());
            context.checkCancelled();
        }
        return missing.size();
    }

    boolean rebuilding() {
        synchronized (changes) {
            return rebuilding != null;
        }
    }
}
