package org.affinity.vector.lucene.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.affinity.api.vector.VectorCollection;
import org.affinity.api.vector.VectorIndex;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector index: one Lucene HNSW index per collection under {@code <data>/vectors/<name>}.
 * Collections open on first use and stay open until dropped or the component stops; every open
 * collection is committed periodically and on stop.
 */
@Component(service = VectorIndex.class, configurationPid = "org.affinity.vector", immediate = true)
@Designate(ocd = VectorConfig.class)
public class LuceneVectorIndex implements VectorIndex {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneVectorIndex.class);

    /** Collection names are folder names: letters, digits, '_', '-', '.', not starting with '.' or '-'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    private final Path root;
    private final Map<String, LuceneCollection> open = new ConcurrentHashMap<>();
    private final HnswCodec codec;
    private final ScheduledExecutorService committer;
    private volatile Tuning tuning;
    private ScheduledFuture<?> periodicCommit;

    @Activate
    public LuceneVectorIndex(BundleContext context, VectorConfig config) {
        this(dataFolder(context).resolve("vectors"), Tuning.of(config));
    }

    /** An index under {@code root}, outside OSGi (tests, benchmarks). Stop it with {@link #close()}. */
    public LuceneVectorIndex(Path root, Tuning tuning) {
        this.root = root.toAbsolutePath().normalize();
        this.tuning = tuning;
        this.codec = new HnswCodec(tuning.hnswM(), tuning.hnswBeamWidth());
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the vector folder " + this.root, e);
        }
        Vectorization vectorization = Vectorization.detect();
        if (vectorization.worthAWarning()) {
            LOG.warn("{}", vectorization.description());
        } else {
            LOG.info("{}", vectorization.description());
        }
        committer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-vector-commit");
            thread.setDaemon(true);
            return thread;
        });
        schedulePeriodicCommit();
        LOG.info("vector index at {}: collections {}; search fan-out {} (at least {}, at most {} candidates), "
                + "HNSW M {} beam width {}, commit every {} s", this.root, names(), tuning.fanOut(),
                tuning.minCandidates(), tuning.maxCandidates(), tuning.hnswM(), tuning.hnswBeamWidth(),
                tuning.commitIntervalSeconds());
    }

    private static Path dataFolder(BundleContext context) {
        String data = context.getProperty("affinity.data");
        return Path.of(data == null || data.isBlank() ? "var" : data);
    }

    @Modified
    void modified(VectorConfig config) {
        retune(Tuning.of(config));
    }

    /** Applies new tuning at once: searches use it from now on, graph parameters apply to new segments. */
    public void retune(Tuning next) {
        Tuning previous = tuning;
        tuning = next;
        codec.configure(next.hnswM(), next.hnswBeamWidth());
        synchronized (open) {
            open.values().forEach(collection -> collection.ramBufferMb(next.ramBufferMb()));
        }
        if (next.commitIntervalSeconds() != previous.commitIntervalSeconds()) {
            schedulePeriodicCommit();
        }
        LOG.info("vector index reconfigured: {}", next);
    }

    @Deactivate
    public void close() {
        committer.shutdownNow();
        synchronized (open) {
            for (LuceneCollection collection : open.values()) {
                try {
                    collection.close(true);
                } catch (IOException | RuntimeException e) {
                    LOG.error("could not commit and close {}", collection, e);
                }
            }
            LOG.info("vector index stopped: {} collections committed and closed", open.size());
            open.clear();
        }
    }

    /** The current tuning (the benchmark reports it). */
    public Tuning tuning() {
        return tuning;
    }

    /** How many segments an open collection's current reader has (the benchmark reports it). */
    public int segments(String name) {
        LuceneCollection collection = open.get(name);
        if (collection == null) {
            throw new IllegalArgumentException("vector collection '" + name + "' is not open");
        }
        return collection.segments();
    }

    @Override
    public VectorCollection open(String name, String modelId, int dimension) {
        requireName(name);
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a vector collection needs the id of the model that makes its vectors");
        }
        synchronized (open) {
            LuceneCollection current = open.get(name);
            if (current != null) {
                if (current.matches(modelId, dimension) && !current.isClosed()) {
                    return current;
                }
                open.remove(name);
                closeQuietly(current, false);
            }
            LuceneCollection opened = openAt(name, modelId, dimension);
            open.put(name, opened);
            return opened;
        }
    }

    @Override
    public Optional<VectorCollection> existing(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        synchronized (open) {
            LuceneCollection current = open.get(name);
            if (current != null && !current.isClosed()) {
                return Optional.of(current);
            }
            return recorded(root.resolve(name)).map(recorded -> open(name, recorded.modelId(), recorded.dimension()));
        }
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>(open.keySet());
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                if (NAME.matcher(name).matches() && recorded(folder).isPresent()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return names;
    }

    @Override
    public boolean drop(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return false;
        }
        synchronized (open) {
            LuceneCollection current = open.remove(name);
            if (current != null) {
                closeQuietly(current, false);
            }
            Path folder = root.resolve(name);
            boolean existed = current != null || recorded(folder).isPresent();
            try {
                if (Files.exists(folder)) {
                    IOUtils.rm(folder);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete vector collection folder " + folder, e);
            }
            if (existed) {
                LOG.info("vector collection '{}' dropped", name);
            }
            return existed;
        }
    }

    private LuceneCollection openAt(String name, String modelId, int dimension) {
        Path folder = root.resolve(name);
        try {
            return new LuceneCollection(folder, name, modelId, dimension, codec, () -> tuning);
        } catch (LockObtainFailedException e) {
            throw new IllegalStateException("vector collection '" + name + "' at " + folder
                    + " is held by another process (or another vector index in this one)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open vector collection '" + name + "' at " + folder, e);
        }
    }

    private static Optional<LuceneCollection.Recorded> recorded(Path folder) {
        try {
            return LuceneCollection.recorded(folder);
        } catch (IOException e) {
            LOG.warn("{} does not hold a readable vector collection: {}", folder, e.toString());
            return Optional.empty();
        }
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a collection name: use up to 100 letters, digits, "
                    + "'_', '-' or '.', starting with a letter, digit or '_'");
        }
    }

    private static void closeQuietly(LuceneCollection collection, boolean commit) {
        try {
            collection.close(commit);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not close {}", collection, e);
        }
    }

    private synchronized void schedulePeriodicCommit() {
        if (periodicCommit != null) {
            periodicCommit.cancel(false);
        }
        long seconds = tuning.commitIntervalSeconds();
        periodicCommit = committer.scheduleWithFixedDelay(this::commitChanged, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Commits every collection written to since its last commit. */
    void commitChanged() {
        for (LuceneCollection collection : open.values()) {
            try {
                collection.commitIfChanged();
            } catch (AlreadyClosedException e) {
                // dropped or reopened while we looked: nothing left to commit
            } catch (IOException | RuntimeException e) {
                LOG.warn("periodic commit of {} failed", collection, e);
            }
        }
    }
}
