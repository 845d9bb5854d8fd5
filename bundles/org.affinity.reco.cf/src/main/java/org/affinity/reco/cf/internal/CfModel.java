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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.affinity.api.job.JobContext;

/**
 * A trained collaborative-filtering model: item factors of implicit ALS and item-item neighbours.
 * Holds nothing per member: a member's factors are folded in from their history at request time,
 * so new events count at once and an erased member leaves nothing behind in the model.
 */
final class CfModel {

    private static final int MAGIC = 0xAFF1CF01;

    final long version;
    final Instant trainedAt;
    final long events;
    final int members;
    final Als.Settings settings;
    final String[] items;
    final Map<String, Integer> itemIndex;
    /** items x k, row-major. */
    final float[] itemFactors;
    final double[] gram;
    final ItemNeighbours neighbours;
    /** Members who interacted with each item in training. */
    final int[] popularity;
    final double trainingSeconds;

    CfModel(long version, Instant trainedAt, long events, int members, Als.Settings settings, String[] items,
            float[] itemFactors, ItemNeighbours neighbours, int[] popularity, double trainingSeconds) {
        this.version = version;
        this.trainedAt = trainedAt;
        this.events = events;
        this.members = members;
        this.settings = settings;
        this.items = items;
        this.itemFactors = itemFactors;
        this.neighbours = neighbours;
        this.popularity = popularity;
        this.trainingSeconds = trainingSeconds;
        this.gram = Als.gram(itemFactors, settings.factors());
        this.itemIndex = new HashMap<>(items.length * 2);
        for (int i = 0; i < items.length; i++) {
            itemIndex.put(items[i], i);
        }
    }

    /** Trains on the interactions: ALS, then neighbours. Progress counts ALS iterations then items. */
    static CfModel train(long version, Interactions data, long events, Als.Settings settings, int neighbourCount,
            float shrink, JobContext progress) {
        long start = System.nanoTime();
        progress.total(settings.iterations() + data.itemCount(), "steps");
        progress.done(0); // the count so far was events read, a different unit
        progress.message(String.format("ALS: %,d members x %,d items, %,d cells", data.memberCount(), data.itemCount(), data.size()));
        float[] factors = new Als(settings).train(data, progress);
        progress.message("item neighbours");
        ItemNeighbours neighbours = ItemNeighbours.compute(data, neighbourCount, shrink, progress);
        int[] popularity = new int[data.itemCount()];
        for (int i = 0; i < popularity.length; i++) {
            popularity[i] = data.itemPopularity(i);
        }
        return new CfModel(version, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), events, data.memberCount(), settings, data.items, factors, neighbours,
                popularity, (System.nanoTime() - start) / 1e9);
    }

    int factors() {
        return settings.factors();
    }

    String modelId() {
        return "cf-als-" + version;
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
            out.writeInt(settings.factors());
            out.writeInt(settings.iterations());
            out.writeFloat(settings.regularization());
            out.writeFloat(settings.alpha());
            out.writeInt(settings.cgSteps());
            out.writeLong(settings.seed());
            out.writeDouble(trainingSeconds);
            out.writeInt(items.length);
            for (int i = 0; i < items.length; i++) {
                out.writeUTF(items[i]);
                out.writeInt(popularity[i]);
                for (int a = 0; a < settings.factors(); a++) {
                    out.writeFloat(itemFactors[i * settings.factors() + a]);
                }
                out.writeInt(neighbours.neighbours[i].length);
                for (int p = 0; p < neighbours.neighbours[i].length; p++) {
                    out.writeInt(neighbours.neighbours[i][p]);
                    out.writeFloat(neighbours.similarity[i][p]);
                }
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
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a cf model");
            }
            long version = in.readLong();
            Instant trainedAt = Instant.ofEpochMilli(in.readLong());
            long events = in.readLong();
            int members = in.readInt();
            Als.Settings settings = new Als.Settings(in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readInt(),
                    in.readLong());
            double seconds = in.readDouble();
            int n = in.readInt();
            int k = settings.factors();
            String[] items = new String[n];
            int[] popularity = new int[n];
            float[] factors = new float[n * k];
            int[][] neighbours = new int[n][];
            float[][] similarity = new float[n][];
            for (int i = 0; i < n; i++) {
                items[i] = in.readUTF();
                popularity[i] = in.readInt();
                for (int a = 0; a < k; a++) {
                    factors[i * k + a] = in.readFloat();
                }
                int count = in.readInt();
                neighbours[i] = new int[count];
                similarity[i] = new float[count];
                for (int p = 0; p < count; p++) {
                    neighbours[i][p] = in.readInt();
                    similarity[i][p] = in.readFloat();
                }
            }
            long expected = crc.getValue();
            if (in.readLong() != expected) {
                throw new IOException(file + " is damaged (checksum mismatch)");
            }
            return new CfModel(version, trainedAt, events, members, settings, items, factors,
                    new ItemNeighbours(neighbours, similarity), popularity, seconds);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CfModel)) {
            return false;
        }
        CfModel that = (CfModel) other;
        return version == that.version && trainedAt.equals(that.trainedAt) && events == that.events
                && members == that.members && settings.equals(that.settings) && Arrays.equals(items, that.items)
                && Arrays.equals(itemFactors, that.itemFactors) && neighbours.equals(that.neighbours)
                && Arrays.equals(popularity, that.popularity);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(itemFactors);
    }
}
