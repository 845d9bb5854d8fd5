package org.affinity.profile.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * Everything a profile is computed from, for one member, updated in O(1) per event (no scan of
 * the member's history). Every field is order-independent (sums, counts, sets, minimum and
 * maximum), so applying the same events in any order gives the same profile. Interest weights are
 * kept relative to {@link #anchor}: an event at time t adds {@code weight x 2^((t - anchor) / half-life)}.
 * Callers hold the state's monitor.
 *
 * <p>Kept compact, because a million members must fit in a few GB (issue 18): weights by item in
 * sorted arrays ({@link KeyWeights}); keyword and category weights are not kept but summed from the
 * item weights through the catalogue when read (every item event gave its weight to the item and to
 * each of its keywords and categories, so the sums are equal); orders as 64-bit hashes; vector sums
 * in floats.
 */
final class MemberState {

    /** A contribution to the member vector whose vector was not known yet. */
    record Pending(boolean text, String key, double weight, long time) {
    }

    private static final int RESCALE_EXPONENT = 60;
    private static final EventType[] TYPES = EventType.values();
    private static final long[] NO_ORDERS = new long[0];

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
    /**
     * Distinct orders as sorted 64-bit hashes of their ids: only their number is used (frequency,
     * cadence), and two ids of one member colliding in 64 bits is beyond any shop's count.
     */
    private long[] orders = NO_ORDERS;
    private int orderCount;
    double logPriceSum;
    int pricedLines;
    final int[] hours = new int[24];
    /** Events by type, indexed by {@link EventType#ordinal()}. */
    final int[] types = new int[TYPES.length];
    /** Events by channel (event attribute {@code channel}); null until the first. */
    private KeyWeights channels;

    long anchor = Long.MIN_VALUE;
    double interest;
    /** Interest by item id; keywords and categories are derived from it (see the class comment). */
    final KeyWeights items = new KeyWeights();
    /** Interest by the member's own words (search, chat, review texts); null until the first. */
    private KeyWeights words;
    float[] itemSum;
    float[] textSum;
    double textInterest;
    /** Null when nothing waits (most members, most of the time). */
    List<Pending> pending;
    /** Model of the vectors in the sums; null until the first vector arrived. */
    String model;

    MemberState(String id) {
        this.id = id;
    }

    /**
     * Applies one event. The item's vector is added at once when {@code known} has it; otherwise,
     * and for the member's own words, the contribution waits in {@link #pending}. Returns whether
     * the vector sums changed.
     */
    boolean apply(Event event, Catalogue.Facts item, Weights weights, ZoneId zone, ItemVectorCache known) {
        boolean vectorChanged = false;
        long time = event.timestamp().toEpochMilli();
        events++;
        firstEvent = Math.min(firstEvent, time);
        lastEvent = Math.max(lastEvent, time);
        types[event.type().ordinal()]++;
        hours[Instant.ofEpochMilli(time).atZone(zone).getHour()]++;
        Object channel = event.attributes().get("channel");
        if (channel != null) {
            if (channels == null) {
                channels = new KeyWeights();
            }
            channels.add(channel.toString(), 1);
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
            // The catalogue's id instance, so that members share one copy of each id.
            String itemId = item != null ? item.id() : event.itemId();
            items.add(itemId, w);
            Pending contribution = new Pending(false, itemId, itemWeight, time);
            String knownModel = known.model();
            float[] vector = knownModel == null ? null : known.get(itemId, knownModel);
            // Straight into the sum: a list per event just to empty it again would be garbage at every event.
            if (vector != null && addVector(contribution, vector, knownModel, weights)) {
                vectorChanged = true;
            } else {
                await(contribution);
            }
        }
        if (event.text() != null && !event.text().isBlank()) {
            double w = weights.textWeight() * decay;
            Set<String> found = Keywords.of(event.text());
            if (!found.isEmpty()) {
                interest += w;
                if (words == null) {
                    words = new KeyWeights();
                }
                for (String word : found) {
                    words.add(word, w);
                }
            }
            await(new Pending(true, event.text(), weights.textWeight(), time));
        }
        return vectorChanged;
    }

    private void await(Pending contribution) {
        if (pending == null) {
            pending = new ArrayList<>(2);
        }
        pending.add(contribution);
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    /** Lets go of an emptied list of pending contributions. */
    void settled() {
        if (pending != null && pending.isEmpty()) {
            pending = null;
        }
    }

    private void purchase(Event event, long time) {
        purchaseLines++;
        purchasedUnits += event.quantity();
        spent += money(event);
        firstPurchase = Math.min(firstPurchase, time);
        lastPurchase = Math.max(lastPurchase, time);
        Object order = event.attributes().get("order");
        addOrder(LongHashSet.hash(order != null ? order.toString() : "@" + time / 1000));
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

    private void addOrder(long hash) {
        int at = Arrays.binarySearch(orders, 0, orderCount, hash);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        if (orderCount == orders.length) {
            orders = Arrays.copyOf(orders, Math.max(2, orderCount + (orderCount >> 1)));
        }
        System.arraycopy(orders, insert, orders, insert + 1, orderCount - insert);
        orders[insert] = hash;
        orderCount++;
    }

    /** Distinct orders. */
    int orders() {
        return orderCount;
    }

    /** Events by type wire name, for the types seen. */
    Map<String, Integer> eventsByType() {
        Map<String, Integer> byType = new TreeMap<>();
        for (EventType type : TYPES) {
            if (types[type.ordinal()] > 0) {
                byType.put(type.wireName(), types[type.ordinal()]);
            }
        }
        return byType;
    }

    /** Events by channel (counts). */
    Map<String, Integer> channels() {
        Map<String, Integer> counts = new HashMap<>();
        if (channels != null) {
            channels.forEach((channel, n) -> counts.put(channel, (int) n));
        }
        return counts;
    }

    /** Events in a channel. */
    int channelEvents(String channel) {
        double n = channels == null ? Double.NaN : channels.get(channel);
        return Double.isNaN(n) ? 0 : (int) n;
    }

    /** Interest by item id. */
    Map<String, Double> items() {
        Map<String, Double> all = new HashMap<>();
        items.forEach(all::put);
        return all;
    }

    /**
     * Interest by keyword: each item's weight given to the keywords of its title, plus the
     * member's own words. Events about items the catalogue does not describe give no keywords.
     */
    Map<String, Double> terms(Catalogue catalogue) {
        Map<String, Double> all = throughCatalogue(catalogue, Catalogue.Facts::keywords);
        if (words != null) {
            words.forEach((word, w) -> all.merge(word, w, Double::sum));
        }
        return all;
    }

    /** Interest by category path (each path with its parents). */
    Map<String, Double> categories(Catalogue catalogue) {
        return throughCatalogue(catalogue, Catalogue.Facts::categories);
    }

    /** Each item's weight given to every key the catalogue lists for the item. */
    private Map<String, Double> throughCatalogue(Catalogue catalogue, Function<Catalogue.Facts, Collection<String>> keys) {
        Map<String, Double> all = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Catalogue.Facts facts = catalogue.get(items.key(i));
            if (facts != null) {
                double w = items.value(i);
                for (String key : keys.apply(facts)) {
                    all.merge(key, w, Double::sum);
                }
            }
        }
        return all;
    }

    /** Share of interest in one keyword (a rule's {@code keyword('x')}), without building the whole map. */
    double termShare(String term, Catalogue catalogue) {
        double weight = 0;
        boolean found = false;
        for (int i = 0; i < items.size(); i++) {
            Catalogue.Facts facts = catalogue.get(items.key(i));
            if (facts != null && facts.keywords().contains(term)) {
                weight += items.value(i);
                found = true;
            }
        }
        double own = words == null ? Double.NaN : words.get(term);
        if (!Double.isNaN(own)) {
            weight += own;
            found = true;
        }
        return found ? share(weight) : 0;
    }

    /** Share of interest in one item id. */
    double itemShare(String itemId) {
        double weight = items.get(itemId);
        return Double.isNaN(weight) ? 0 : share(weight);
    }

    /** Gives back spare array capacity (after a rebuild or a load). */
    void trim() {
        items.trim();
        if (words != null) {
            words.trim();
        }
        if (orders.length > orderCount) {
            orders = orderCount == 0 ? NO_ORDERS : Arrays.copyOf(orders, orderCount);
        }
        settled();
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

    /** Float sums: 1.5 kB instead of 3 kB a member, and their rounding (1e-7) is far below what a cosine shows. */
    private static float[] add(float[] sum, float[] vector, double weight) {
        float[] target = sum == null ? new float[vector.length] : sum;
        for (int i = 0; i < vector.length; i++) {
            target[i] = (float) (target[i] + weight * vector[i]);
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
        items.scale(factor);
        if (words != null) {
            words.scale(factor);
        }
        scale(itemSum, factor);
        scale(textSum, factor);
    }

    private static void scale(float[] sum, double factor) {
        if (sum != null) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (float) (sum[i] * factor);
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

    private static double[] unit(float[] sum) {
        if (sum == null) {
            return null;
        }
        double[] wide = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            wide[i] = sum[i];
        }
        return unit(wide);
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
        return weight == null ? 0 : share(weight);
    }

    /** A weight as a share of the member's interest, in [0, 1]. */
    double share(double weight) {
        if (interest <= 0) {
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
        return orderCount < 2 ? Double.NaN : (lastPurchase - firstPurchase) / 86_400_000.0 / (orderCount - 1);
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
        out.writeInt(orderCount);
        for (int i = 0; i < orderCount; i++) {
            out.writeLong(orders[i]);
        }
        out.writeDouble(logPriceSum);
        out.writeInt(pricedLines);
        for (int hour : hours) {
            out.writeInt(hour);
        }
        writeWeights(out, channels);
        Map<String, Integer> byType = eventsByType();
        out.writeInt(byType.size());
        for (Map.Entry<String, Integer> e : byType.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeLong(anchor);
        out.writeDouble(interest);
        writeWeights(out, items);
        writeWeights(out, words);
        writeVector(out, itemSum);
        writeVector(out, textSum);
        out.writeDouble(textInterest);
        List<Pending> waiting = pending == null ? List.of() : pending;
        out.writeInt(waiting.size());
        for (Pending p : waiting) {
            out.writeBoolean(p.text());
            out.writeUTF(p.key());
            out.writeDouble(p.weight());
            out.writeLong(p.time());
        }
        out.writeUTF(model == null ? "" : model);
    }

    /**
     * Reads what {@link #write} wrote; the member's id and item ids become the directory's and the
     * catalogue's instances where they know them (one copy of each string, as when events build it).
     */
    static MemberState read(DataInput in, Catalogue catalogue, Directory directory) throws IOException {
        String id = in.readUTF();
        Directory.Facts member = directory.get(id);
        MemberState s = new MemberState(member != null ? member.id() : id);
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
        s.orders = orders == 0 ? NO_ORDERS : new long[orders];
        for (int i = 0; i < orders; i++) {
            s.orders[i] = in.readLong();
        }
        s.orderCount = orders;
        s.logPriceSum = in.readDouble();
        s.pricedLines = in.readInt();
        for (int i = 0; i < 24; i++) {
            s.hours[i] = in.readInt();
        }
        s.channels = readWeights(in, null);
        int types = in.readInt();
        for (int i = 0; i < types; i++) {
            s.types[EventType.parse(in.readUTF()).ordinal()] = in.readInt();
        }
        s.anchor = in.readLong();
        s.interest = in.readDouble();
        readWeights(in, s.items, catalogue);
        s.words = readWeights(in, null);
        s.itemSum = readVector(in);
        s.textSum = readVector(in);
        s.textInterest = in.readDouble();
        int pending = in.readInt();
        for (int i = 0; i < pending; i++) {
            s.await(new Pending(in.readBoolean(), in.readUTF(), in.readDouble(), in.readLong()));
        }
        String model = in.readUTF();
        s.model = model.isEmpty() ? null : model;
        return s;
    }

    private static void writeWeights(DataOutput out, KeyWeights weights) throws IOException {
        int n = weights == null ? 0 : weights.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeUTF(weights.key(i));
            out.writeDouble(weights.value(i));
        }
    }

    /** Weights into {@code into}, or into a new KeyWeights (null when there are none). */
    private static KeyWeights readWeights(DataInput in, KeyWeights into) throws IOException {
        return readWeights(in, into, null);
    }

    private static KeyWeights readWeights(DataInput in, KeyWeights into, Catalogue catalogue) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return into;
        }
        KeyWeights weights = into != null ? into : new KeyWeights();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            Catalogue.Facts facts = catalogue == null ? null : catalogue.get(key);
            weights.add(facts != null ? facts.id() : key, in.readDouble());
        }
        weights.trim();
        return weights;
    }

    private static void writeVector(DataOutput out, float[] vector) throws IOException {
        out.writeInt(vector == null ? -1 : vector.length);
        if (vector != null) {
            for (float v : vector) {
                out.writeFloat(v);
            }
        }
    }

    private static float[] readVector(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] vector = new float[n];
        for (int i = 0; i < n; i++) {
            vector[i] = in.readFloat();
        }
        return vector;
    }
}
