package org.affinity.profile.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * Everything a profile is computed from, for one member, updated in O(1) per event (no scan of
 * the member's history). Every field is order-independent (sums, counts, sets, minimum and
 * maximum), so applying the same events in any order gives the same profile. Interest weights are
 * kept relative to {@link #anchor}: an event at time t adds {@code weight x 2^((t - anchor) / half-life)}.
 * Callers hold the state's monitor.
 */
final class MemberState {

    /** A contribution to the member vector whose vector was not known yet. */
    record Pending(boolean text, String key, double weight, long time) {
    }

    private static final int RESCALE_EXPONENT = 60;

    final String id;
    long events;
    long firstEvent = Long.MAX_VALUE;
    long lastEvent = Long.MIN_VALUE;
    long firstPurchase = Long.MAX_VALUE;
    long lastPurchase = Long.MIN_VALUE;
    int purchaseLines;
    int returnLines;
    long purchasedUnits;
    long returnedUnits;
    /** Money in 1/10,000 of the currency unit (the store keeps prices with four decimals). */
    long spent;
    long refunded;
    final Set<String> orders = new HashSet<>();
    double logPriceSum;
    int pricedLines;
    final int[] hours = new int[24];
    final Map<String, Integer> channels = new HashMap<>();
    final Map<String, Integer> types = new HashMap<>();

    long anchor = Long.MIN_VALUE;
    double interest;
    final Map<String, Double> terms = new HashMap<>();
    final Map<String, Double> categories = new HashMap<>();
    final Map<String, Double> items = new HashMap<>();
    double[] itemSum;
    double[] textSum;
    double textInterest;
    final List<Pending> pending = new ArrayList<>();
    /** Model of the vectors in the sums; null until the first vector arrived. */
    String model;

    MemberState(String id) {
        this.id = id;
    }

    /**
     * Applies one event. {@code itemVector} and {@code textVector} are the vectors when already
     * known; when null (and the event has an item or text) the contribution waits in {@link #pending}.
     */
    void apply(Event event, Catalogue.Facts item, Weights weights, ZoneId zone) {
        long time = event.timestamp().toEpochMilli();
        events++;
        firstEvent = Math.min(firstEvent, time);
        lastEvent = Math.max(lastEvent, time);
        types.merge(event.type().wireName(), 1, Integer::sum);
        hours[Instant.ofEpochMilli(time).atZone(zone).getHour()]++;
        Object channel = event.attributes().get("channel");
        if (channel != null) {
            channels.merge(channel.toString(), 1, Integer::sum);
        }
        if (event.type() == EventType.PURCHASE) {
            purchase(event, time);
        } else if (event.type() == EventType.RETURN) {
            returnLines++;
            returnedUnits += event.quantity();
            refunded += money(event);
        }
        if (anchor == Long.MIN_VALUE) {
            anchor = time;
        }
        if ((time - anchor) / weights.halfLifeMillis() > RESCALE_EXPONENT) {
            rescale(time, weights);
        }
        double decay = weights.decay(time, anchor);
        double itemWeight = weights.item(event.type());
        if (event.itemId() != null && itemWeight != 0) {
            double w = itemWeight * decay;
            interest += w;
            items.merge(event.itemId(), w, Double::sum);
            if (item != null) {
                item.keywords().forEach(term -> terms.merge(term, w, Double::sum));
                item.categories().forEach(category -> categories.merge(category, w, Double::sum));
            }
            pending.add(new Pending(false, event.itemId(), itemWeight, time));
        }
        if (event.text() != null && !event.text().isBlank()) {
            double w = weights.textWeight() * decay;
            Set<String> words = Keywords.of(event.text());
            if (!words.isEmpty()) {
                interest += w;
                words.forEach(term -> terms.merge(term, w, Double::sum));
            }
            pending.add(new Pending(true, event.text(), weights.textWeight(), time));
        }
    }

    private void purchase(Event event, long time) {
        purchaseLines++;
        purchasedUnits += event.quantity();
        spent += money(event);
        firstPurchase = Math.min(firstPurchase, time);
        lastPurchase = Math.max(lastPurchase, time);
        Object order = event.attributes().get("order");
        orders.add(order != null ? order.toString() : "@" + time / 1000);
        if (event.price() != null && event.price().signum() > 0) {
            logPriceSum += Math.log(event.price().doubleValue());
            pricedLines++;
        }
    }

    private static long money(Event event) {
        if (event.price() == null) {
            return 0;
        }
        return event.price().setScale(4, RoundingMode.HALF_UP).unscaledValue().longValueExact() * event.quantity();
    }

    /**
     * Adds a pending contribution whose vector is now known. Returns false when the vector's model
     * differs from the sums' model (the caller rebuilds).
     */
    boolean addVector(Pending contribution, float[] vector, String modelId, Weights weights) {
        if (model != null && !model.equals(modelId)) {
            return false;
        }
        model = modelId;
        double w = contribution.weight() * weights.decay(contribution.time(), anchor);
        if (contribution.text()) {
            textSum = add(textSum, vector, w);
            textInterest += w;
        } else {
            itemSum = add(itemSum, vector, w);
        }
        return true;
    }

    private static double[] add(double[] sum, float[] vector, double weight) {
        double[] target = sum == null ? new double[vector.length] : sum;
        for (int i = 0; i < vector.length; i++) {
            target[i] += weight * vector[i];
        }
        return target;
    }

    /** Moves the anchor forward so that weights of new events stay far from overflow. */
    private void rescale(long time, Weights weights) {
        long shift = (long) (RESCALE_EXPONENT * weights.halfLifeMillis());
        long newAnchor = time - shift;
        double factor = weights.decay(anchor, newAnchor);
        anchor = newAnchor;
        interest *= factor;
        textInterest *= factor;
        terms.replaceAll((k, v) -> v * factor);
        categories.replaceAll((k, v) -> v * factor);
        items.replaceAll((k, v) -> v * factor);
        scale(itemSum, factor);
        scale(textSum, factor);
    }

    private static void scale(double[] sum, double factor) {
        if (sum != null) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] *= factor;
            }
        }
    }

    /**
     * The member vector: the unit mean of item vectors, fused with the unit mean of the member's
     * own words by {@code ownWordsShare}; null when there is nothing (or everything was returned).
     */
    float[] vector(double ownWordsShare) {
        double[] items = unit(itemSum);
        double[] words = unit(textSum);
        if (items == null && words == null) {
            return null;
        }
        double[] fused;
        if (items == null) {
            fused = words;
        } else if (words == null || ownWordsShare <= 0) {
            fused = items;
        } else {
            fused = new double[items.length];
            for (int i = 0; i < fused.length; i++) {
                fused[i] = (1 - ownWordsShare) * items[i] + ownWordsShare * words[i];
            }
        }
        double[] unit = unit(fused);
        if (unit == null) {
            return null;
        }
        float[] vector = new float[unit.length];
        for (int i = 0; i < unit.length; i++) {
            vector[i] = (float) unit[i];
        }
        return vector;
    }

    private static double[] unit(double[] sum) {
        if (sum == null) {
            return null;
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm < 1e-9) {
            return null;
        }
        double[] unit = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            unit[i] = sum[i] / norm;
        }
        return unit;
    }

    /** Share of the member's interest that went to a key, in [0, 1]. */
    double share(Map<String, Double> weights, String key) {
        Double weight = weights.get(key);
        if (weight == null || interest <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, weight / interest));
    }

    boolean purchased() {
        return purchaseLines > 0;
    }

    BigDecimal monetary() {
        return BigDecimal.valueOf(spent - refunded, 4);
    }

    long net() {
        return spent - refunded;
    }

    /** Geometric mean of the unit prices paid, or NaN. */
    double meanUnitPrice() {
        return pricedLines == 0 ? Double.NaN : Math.exp(logPriceSum / pricedLines);
    }

    /** Mean days between orders, or NaN with fewer than two orders. */
    double cadenceDays() {
        return orders.size() < 2 ? Double.NaN : (lastPurchase - firstPurchase) / 86_400_000.0 / (orders.size() - 1);
    }

    // --- persistence ---------------------------------------------------------------------------

    void write(DataOutput out) throws IOException {
        out.writeUTF(id);
        out.writeLong(events);
        out.writeLong(firstEvent);
        out.writeLong(lastEvent);
        out.writeLong(firstPurchase);
        out.writeLong(lastPurchase);
        out.writeInt(purchaseLines);
        out.writeInt(returnLines);
        out.writeLong(purchasedUnits);
        out.writeLong(returnedUnits);
        out.writeLong(spent);
        out.writeLong(refunded);
        writeStrings(out, orders);
        out.writeDouble(logPriceSum);
        out.writeInt(pricedLines);
        for (int hour : hours) {
            out.writeInt(hour);
        }
        writeCounts(out, channels);
        writeCounts(out, types);
        out.writeLong(anchor);
        out.writeDouble(interest);
        writeWeights(out, terms);
        writeWeights(out, categories);
        writeWeights(out, items);
        writeVector(out, itemSum);
        writeVector(out, textSum);
        out.writeDouble(textInterest);
        out.writeInt(pending.size());
        for (Pending p : pending) {
            out.writeBoolean(p.text());
            out.writeUTF(p.key());
            out.writeDouble(p.weight());
            out.writeLong(p.time());
        }
        out.writeUTF(model == null ? "" : model);
    }

    static MemberState read(DataInput in) throws IOException {
        MemberState s = new MemberState(in.readUTF());
        s.events = in.readLong();
        s.firstEvent = in.readLong();
        s.lastEvent = in.readLong();
        s.firstPurchase = in.readLong();
        s.lastPurchase = in.readLong();
        s.purchaseLines = in.readInt();
        s.returnLines = in.readInt();
        s.purchasedUnits = in.readLong();
        s.returnedUnits = in.readLong();
        s.spent = in.readLong();
        s.refunded = in.readLong();
        int orders = in.readInt();
        for (int i = 0; i < orders; i++) {
            s.orders.add(in.readUTF());
        }
        s.logPriceSum = in.readDouble();
        s.pricedLines = in.readInt();
        for (int i = 0; i < 24; i++) {
            s.hours[i] = in.readInt();
        }
        readCounts(in, s.channels);
        readCounts(in, s.types);
        s.anchor = in.readLong();
        s.interest = in.readDouble();
        readWeights(in, s.terms);
        readWeights(in, s.categories);
        readWeights(in, s.items);
        s.itemSum = readVector(in);
        s.textSum = readVector(in);
        s.textInterest = in.readDouble();
        int pending = in.readInt();
        for (int i = 0; i < pending; i++) {
            s.pending.add(new Pending(in.readBoolean(), in.readUTF(), in.readDouble(), in.readLong()));
        }
        String model = in.readUTF();
        s.model = model.isEmpty() ? null : model;
        return s;
    }

    private static void writeStrings(DataOutput out, Set<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    private static void writeCounts(DataOutput out, Map<String, Integer> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private static void readCounts(DataInput in, Map<String, Integer> counts) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            counts.put(in.readUTF(), in.readInt());
        }
    }

    private static void writeWeights(DataOutput out, Map<String, Double> weights) throws IOException {
        out.writeInt(weights.size());
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    private static void readWeights(DataInput in, Map<String, Double> weights) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            weights.put(in.readUTF(), in.readDouble());
        }
    }

    private static void writeVector(DataOutput out, double[] vector) throws IOException {
        out.writeInt(vector == null ? -1 : vector.length);
        if (vector != null) {
            for (double v : vector) {
                out.writeDouble(v);
            }
        }
    }

    private static double[] readVector(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] vector = new double[n];
        for (int i = 0; i < n; i++) {
            vector[i] = in.readDouble();
        }
        return vector;
    }
}
