package org.affinity.reco.content.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Optional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * Purchase events per item, net of returns: an aggregate that names no member. With a half-life,
 * each purchase counts 1/2 for every half-life it lies before the latest event counted ("trending"),
 * so a season's items rise as soon as they start selling; without one, every purchase counts 1.
 * Relative to the latest event rather than the clock, so a store whose data ends in the past (an
 * import, an evaluation's training events) still has a trend. Filled by one thread, then published
 * (a volatile field) and only read.
 */
final class PurchaseCounts {

    private final double halfLifeSeconds;
    /** Per item: the decayed sum as of {@code at}, which is the item's latest purchase or return. */
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private volatile long latest = Long.MIN_VALUE;

    /** Every purchase counts 1. */
    PurchaseCounts() {
        this(Duration.ZERO);
    }

    /** @param halfLife zero: no decay */
    PurchaseCounts(Duration halfLife) {
        this.halfLifeSeconds = halfLife.isZero() || halfLife.isNegative() ? 0 : halfLife.toSeconds();
    }

    void add(List<Event> events) {
        events.forEach(this::add);
    }

    void add(Event event) {
        if (event.itemId() == null || (event.type() != EventType.PURCHASE && event.type() != EventType.RETURN)) {
            return;
        }
        long at = event.timestamp().getEpochSecond();
        if (at > latest) {
            latest = at;
        }
        tallies.compute(event.itemId(), (id, tally) -> {
            Tally next = tally == null ? new Tally(at) : tally;
            next.add(event.type() == EventType.PURCHASE ? 1 : -1, at, halfLifeSeconds);
            return next;
        });
    }

    /** The item's purchases (decayed to the latest event counted), never below 0. */
    double count(String itemId) {
        Tally tally = tallies.get(itemId);
        return tally == null ? 0 : Math.max(0, tally.as(latest, halfLifeSeconds));
    }

    /**
     * (1 + the item's count)^exponent, the content strategy's popularity prior, or null for exponent 0
     * (no prior). Memoised with the decayed count: every request asks it of thousands of candidates.
     */
    ToDoubleFunction<String> prior(double exponent) {
        if (exponent <= 0) {
            return null;
        }
        return itemId -> {
            Tally tally = tallies.get(itemId);
            return tally == null ? 1 : tally.prior(latest, halfLifeSeconds, exponent);
        };
    }

    private static final int FORMAT = 1;

    /** Writes the counts for the next start of the strategy (the old file is replaced once the new one is whole). */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeDouble(halfLifeSeconds);
            out.writeLong(latest);
            List<Map.Entry<String, Tally>> entries = new ArrayList<>(tallies.entrySet());
            out.writeInt(entries.size());
            for (Map.Entry<String, Tally> entry : entries) {
                out.writeUTF(entry.getKey());
                out.writeDouble(entry.getValue().sum);
                out.writeLong(entry.getValue().at);
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The counts {@link #save} wrote with this half-life; empty when there is no such file or another half-life. */
    static Optional<PurchaseCounts> read(Path file, Duration halfLife) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PurchaseCounts counts = new PurchaseCounts(halfLife);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != FORMAT || in.readDouble() != counts.halfLifeSeconds) {
                return Optional.empty();
            }
            counts.latest = in.readLong();
            int items = in.readInt();
            for (int i = 0; i < items; i++) {
                String itemId = in.readUTF();
                double sum = in.readDouble();
                Tally tally = new Tally(in.readLong());
                tally.sum = sum;
                counts.tallies.put(itemId, tally);
            }
        }
        return Optional.of(counts);
    }

    /** The latest purchase or return counted, if any. */
    Instant latest() {
        return latest == Long.MIN_VALUE ? null : Instant.ofEpochSecond(latest);
    }

    private static final class Tally {
        double sum;
        long at;
        /** Bumped by every change; a memo of another version is void. */
        volatile int version;
        /** The last decayed value asked for: every request asks for thousands, and the latest event rarely moves. */
        volatile Memo memo;

        Tally(long at) {
            this.at = at;
        }

        /** Keeps the sum as of the later of its time and this event's, so no factor ever grows. */
        void add(double amount, long when, double halfLife) {
            if (when > at) {
                sum = sum * decay(when - at, halfLife) + amount;
                at = when;
            } else {
                sum += amount * decay(at - when, halfLife);
            }
            version++;
        }

        double as(long when, double halfLife) {
            return memo(when, halfLife).value;
        }

        double prior(long when, double halfLife, double exponent) {
            Memo last = memo(when, halfLife);
            if (last.exponent == exponent) {
                return last.prior;
            }
            Memo next = new Memo(last.when, last.version, last.value, exponent, Math.pow(1 + Math.max(0, last.value), exponent));
            memo = next;
            return next.prior;
        }

        private Memo memo(long when, double halfLife) {
            Memo last = memo;
            int now = version;
            if (last != null && last.when == when && last.version == now) {
                return last;
            }
            double value = when > at ? sum * decay(when - at, halfLife) : sum;
            Memo next = new Memo(when, now, value, Double.NaN, Double.NaN);
            memo = next;
            return next;
        }

        /** @param exponent the prior's exponent, NaN until one was asked */
        private record Memo(long when, int version, double value, double exponent, double prior) {
        }

        private static double decay(long seconds, double halfLife) {
            return halfLife == 0 ? 1 : Math.pow(0.5, seconds / halfLife);
        }
    }
}
