package org.affinity.reco.cf.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.affinity.api.job.JobContext;

/**
 * A trained collaborative-filtering model of one family: item factors of implicit ALS and/or EASE
 * weights, and always the item-item neighbours (votes, explanations, item mode). Holds nothing per
 * member: a member's factors are folded in from their history at request time, so new events count
 * at once and an erased member leaves nothing behind in the model.
 */
final class CfModel {

    /** The first format: ALS + neighbours only; still read, so an upgrade serves at once. */
    private static final int MAGIC_ALS = 0xAFF1CF01;
    private static final int MAGIC = 0xAFF1CF02;

    final long version;
    final Instant trainedAt;
    final long events;
    final int members;
    final CfSettings settings;
    final String[] items;
    final Map<String, Integer> itemIndex;
    /** items x k, row-major; null when the family has no ALS part. */
    final float[] itemFactors;
    final double[] gram;
    /** Null when the family has no EASE part. */
    final Ease ease;
    final ItemNeighbours neighbours;
    /** Members who interacted with each item in training. */
    final int[] popularity;
    final double trainingSeconds;
    /** The search that chose the settings, or null when they were configured. */
    final SearchReport search;

    CfModel(long version, Instant trainedAt, long events, int members, CfSettings settings, String[] items,
            float[] itemFactors, Ease ease, ItemNeighbours neighbours, int[] popularity, double trainingSeconds,
            SearchReport search) {
        this.version = version;
        this.trainedAt = trainedAt;
        this.events = events;
        this.members = members;
        this.settings = settings;
        this.items = items;
        this.itemFactors = itemFactors;
        this.ease = ease;
        this.neighbours = neighbours;
        this.popularity = popularity;
        this.trainingSeconds = trainingSeconds;
        this.search = search;
        this.gram = itemFactors == null ? null : Als.gram(itemFactors, settings.als().factors());
        this.itemIndex = new HashMap<>(items.length * 2);
        for (int i = 0; i < items.length; i++) {
            itemIndex.put(items[i], i);
        }
    }

    /** Trains the family's parts on the interactions. Progress counts ALS iterations then items. */
    static CfModel train(long version, Interactions data, long events, CfSettings settings, JobContext progress) {
        long start = System.nanoTime();
        return assemble(version, data, events, settings, parts(data, settings, progress), start, null);
    }

    /** ALS + neighbours as cf shipped before its model search (tests). */
    static CfModel train(long version, Interactions data, long events, Als.Settings als, int neighbourCount, float shrink,
            JobContext progress) {
        return train(version, data, events, new CfSettings(als, neighbourCount, shrink, 0.5f), progress);
    }

    /** The learned parts of a model; the search fits them once and combines them in several trials. */
    record Parts(float[] itemFactors, Ease ease, ItemNeighbours neighbours) {
    }

    static Parts parts(Interactions data, CfSettings settings, JobContext progress) {
        CfSettings.Family family = settings.family();
        progress.total((family.als() ? settings.als().iterations() : 0) + data.itemCount(), "steps");
        progress.done(0); // the count so far may be events read, a different unit
        float[] factors = null;
        if (family.als()) {
            progress.message(String.format("ALS: %,d members x %,d items, %,d cells", data.memberCount(), data.itemCount(), data.size()));
            factors = new Als(settings.als()).train(data, progress);
        }
        Ease ease = null;
        if (family.ease()) {
            progress.message(String.format("EASE: the %,d most-bought of %,d items", Math.min(settings.easeItems(), data.itemCount()),
                    data.itemCount()));
            ease = Ease.fit(data, settings.easeLambda(), settings.easeItems(), progress);
        }
        progress.message("item neighbours");
        ItemNeighbours neighbours = ItemNeighbours.compute(data, settings.neighbours(), settings.shrink(), progress);
        return new Parts(factors, ease, neighbours);
    }

    static CfModel assemble(long version, Interactions data, long events, CfSettings settings, Parts parts, long startNanos,
            SearchReport search) {
        int[] popularity = new int[data.itemCount()];
        for (int i = 0; i < popularity.length; i++) {
            popularity[i] = data.itemPopularity(i);
        }
        return new CfModel(version, Instant.now().truncatedTo(ChronoUnit.MILLIS), events, data.memberCount(), settings,
                data.items, settings.family().als() ? parts.itemFactors() : null, settings.family().ease() ? parts.ease() : null,
                parts.neighbours(), popularity, (System.nanoTime() - startNanos) / 1e9, search);
    }

    boolean hasFactors() {
        return itemFactors != null;
    }

    int factors() {
        return settings.als().factors();
    }

    /** "cf-ease-3": the family's learned part and the version (the cf-items collection is bound to it). */
    String modelId() {
        String family = hasFactors() ? "als" : ease != null ? "ease" : "neighbours";
        return "cf-" + family + "-" + version;
    }

    CfModel withSearch(SearchReport report) {
        return new CfModel(version, trainedAt, events, members, settings, items, itemFactors, ease, neighbours, popularity,
                trainingSeconds, report);
    }

    /** Writes the model next to {@code file} and moves it in place, so a crash never leaves half a model. */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16), crc))) {
            out.writeInt(MAGIC);
            out.writeLong(version);
            out.writeLong(trainedAt.toEpochMilli());
            out.writeLong(events);
            out.writeInt(members);
            writeSettings(out, settings);
            out.writeDouble(trainingSeconds);
            out.writeInt(items.length);
            out.writeBoolean(hasFactors());
            int k = factors();
            for (int i = 0; i < items.length; i++) {
                out.writeUTF(items[i]);
                out.writeInt(popularity[i]);
                if (hasFactors()) {
                    for (int a = 0; a < k; a++) {
                        out.writeFloat(itemFactors[i * k + a]);
                    }
                }
                out.writeInt(neighbours.neighbours[i].length);
                for (int p = 0; p < neighbours.neighbours[i].length; p++) {
                    out.writeInt(neighbours.neighbours[i][p]);
                    out.writeFloat(neighbours.similarity[i][p]);
                }
            }
            out.writeBoolean(ease != null);
            if (ease != null) {
                out.writeInt(ease.size);
                for (int p : ease.position) {
                    out.writeInt(p);
                }
                for (float w : ease.weights) {
                    out.writeFloat(w);
                }
            }
            out.writeBoolean(search != null);
            if (search != null) {
                writeSearch(out, search);
            }
            out.flush();
            out.writeLong(crc.getValue());
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static CfModel load(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), crc);
                DataInputStream in = new DataInputStream(checked)) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_ALS) {
                throw new IOException(file + " is not a cf model");
            }
            boolean first = magic == MAGIC_ALS;
            long version = in.readLong();
            Instant trainedAt = Instant.ofEpochMilli(in.readLong());
            long events = in.readLong();
            int members = in.readInt();
            CfSettings settings = first ? new CfSettings(readAls(in), 50, 10f, 0.5f) : readSettings(in);
            double seconds = in.readDouble();
            int n = in.readInt();
            boolean hasFactors = first || in.readBoolean();
            int k = settings.als().factors();
            String[] items = new String[n];
            int[] popularity = new int[n];
            float[] factors = hasFactors ? new float[n * k] : null;
            int[][] neighbours = new int[n][];
            float[][] similarity = new float[n][];
            for (int i = 0; i < n; i++) {
                items[i] = in.readUTF();
                popularity[i] = in.readInt();
                if (hasFactors) {
                    for (int a = 0; a < k; a++) {
                        factors[i * k + a] = in.readFloat();
                    }
                }
                int count = in.readInt();
                neighbours[i] = new int[count];
                similarity[i] = new float[count];
                for (int p = 0; p < count; p++) {
                    neighbours[i][p] = in.readInt();
                    similarity[i][p] = in.readFloat();
                }
            }
            Ease ease = null;
            SearchReport search = null;
            if (!first) {
                if (in.readBoolean()) {
                    int size = in.readInt();
                    int[] position = new int[n];
                    for (int i = 0; i < n; i++) {
                        position[i] = in.readInt();
                    }
                    float[] weights = new float[size * size];
                    for (int i = 0; i < weights.length; i++) {
                        weights[i] = in.readFloat();
                    }
                    ease = new Ease(position, size, weights);
                }
                if (in.readBoolean()) {
                    search = readSearch(in);
                }
            }
            long expected = crc.getValue();
            if (in.readLong() != expected) {
                throw new IOException(file + " is damaged (checksum mismatch)");
            }
            return new CfModel(version, trainedAt, events, members, settings, items, factors, ease,
                    new ItemNeighbours(neighbours, similarity), popularity, seconds, search);
        }
    }

    private static void writeSettings(DataOutputStream out, CfSettings settings) throws IOException {
        out.writeUTF(settings.family().label);
        Als.Settings als = settings.als();
        out.writeInt(als.factors());
        out.writeInt(als.iterations());
        out.writeFloat(als.regularization());
        out.writeFloat(als.alpha());
        out.writeInt(als.cgSteps());
        out.writeLong(als.seed());
        out.writeInt(settings.neighbours());
        out.writeFloat(settings.shrink());
        out.writeFloat(settings.neighbourWeight());
        out.writeFloat(settings.easeLambda());
        out.writeInt(settings.easeItems());
    }

    private static Als.Settings readAls(DataInputStream in) throws IOException {
        return new Als.Settings(in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readInt(), in.readLong());
    }

    private static CfSettings readSettings(DataInputStream in) throws IOException {
        CfSettings.Family family = CfSettings.Family.of(in.readUTF());
        return new CfSettings(family, readAls(in), in.readInt(), in.readFloat(), in.readFloat(), in.readFloat(), in.readInt());
    }

    private static void writeSearch(DataOutputStream out, SearchReport search) throws IOException {
        out.writeUTF(search.validation());
        out.writeUTF(search.stopped());
        out.writeDouble(search.seconds());
        out.writeInt(search.trials().size());
        for (SearchReport.Trial trial : search.trials()) {
            out.writeInt(trial.number());
            writeSettings(out, trial.settings());
            out.writeDouble(trial.ndcg10());
            out.writeDouble(trial.seconds());
        }
    }

    private static SearchReport readSearch(DataInputStream in) throws IOException {
        String validation = in.readUTF();
        String stopped = in.readUTF();
        double seconds = in.readDouble();
        int count = in.readInt();
        List<SearchReport.Trial> trials = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            trials.add(new SearchReport.Trial(in.readInt(), readSettings(in), in.readDouble(), in.readDouble()));
        }
        return new SearchReport(trials, validation, stopped, seconds);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CfModel)) {
            return false;
        }
        CfModel that = (CfModel) other;
        return version == that.version && trainedAt.equals(that.trainedAt) && events == that.events
                && members == that.members && settings.equals(that.settings) && Arrays.equals(items, that.items)
                && Arrays.equals(itemFactors, that.itemFactors) && Objects.equals(ease, that.ease)
                && neighbours.equals(that.neighbours) && Arrays.equals(popularity, that.popularity)
                && Objects.equals(search, that.search);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(itemFactors);
    }
}
