package org.affinity.reco.popularity.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Member;

/**
 * Everything popularity knows: scores for the whole shop and per country, the catalogue facts the
 * filters need, and each member's country (to count their events for it and to answer them).
 */
final class PopularityModel {

    private final Map<EventType, Double> weights;
    private final double halfLifeDays;
    private final Tally shop;
    private final Map<String, Tally> countries = new ConcurrentHashMap<>();
    private final Map<String, String> memberCountry = new ConcurrentHashMap<>();
    private final Map<String, Item> catalogue = new ConcurrentHashMap<>();
    private volatile long newest = Long.MIN_VALUE;

    PopularityModel(Map<EventType, Double> weights, double halfLifeDays) {
        this.weights = new EnumMap<>(weights);
        this.halfLifeDays = halfLifeDays;
        this.shop = new Tally(halfLifeDays);
    }

    /** Parses "type=weight" lines. */
    static Map<EventType, Double> weights(String[] lines) {
        Map<EventType, Double> weights = new EnumMap<>(EventType.class);
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("weights: expected type=weight, was '" + line + "'");
            }
            weights.put(EventType.parse(line.substring(0, eq)), Double.parseDouble(line.substring(eq + 1).trim()));
        }
        return weights;
    }

    void add(Event event) {
        Double weight = weights.get(event.type());
        if (weight == null || weight == 0 || event.itemId() == null) {
            return;
        }
        long when = event.timestamp().getEpochSecond();
        if (when > newest) {
            newest = when;
        }
        shop.add(event.itemId(), weight, when);
        String country = memberCountry.get(event.memberId());
        if (country != null) {
            countries.computeIfAbsent(country, c -> new Tally(halfLifeDays)).add(event.itemId(), weight, when);
        }
    }

    void put(Item item) {
        catalogue.put(item.id(), item);
    }

    void put(Member member) {
        String country = member.country();
        if (country == null || country.isBlank()) {
            memberCountry.remove(member.id());
        } else {
            memberCountry.put(member.id(), country);
        }
    }

    void forget(String memberId) {
        memberCountry.remove(memberId);
    }

    String countryOf(String memberId) {
        return memberId == null ? null : memberCountry.get(memberId);
    }

    Item item(String id) {
        return catalogue.get(id);
    }

    Ranking shop(boolean trending) {
        return shop.ranking(trending, newest);
    }

    /** The country's ranking, or null when it has fewer than {@code minItems} items. */
    Ranking country(String country, boolean trending, int minItems) {
        Tally tally = country == null ? null : countries.get(country);
        if (tally == null || tally.size() < minItems) {
            return null;
        }
        Ranking ranking = tally.ranking(trending, newest);
        return ranking.size() < minItems ? null : ranking;
    }

    boolean holdsMember(String memberId) {
        return memberCountry.containsKey(memberId);
    }

    private static final int FORMAT = 1;

    /**
     * Writes the counts (not the catalogue or the members' countries, which the store lists quickly)
     * so the next start serves at once instead of an empty ranking while it counts every event. The
     * old file is replaced only once the new one is whole.
     */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(weights.toString());
            out.writeDouble(halfLifeDays);
            out.writeLong(newest);
            shop.write(out);
            Map<String, Tally> copy = Map.copyOf(countries);
            out.writeInt(copy.size());
            for (Map.Entry<String, Tally> country : copy.entrySet()) {
                out.writeUTF(country.getKey());
                country.getValue().write(out);
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The counts {@link #save} wrote under the same weights and half-life; empty if none or other settings. */
    static Optional<PopularityModel> read(Path file, Map<EventType, Double> weights, double halfLifeDays) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PopularityModel model = new PopularityModel(weights, halfLifeDays);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(model.weights.toString()) || in.readDouble() != halfLifeDays) {
                return Optional.empty();
            }
            model.newest = in.readLong();
            model.shop.read(in);
            int countries = in.readInt();
            for (int i = 0; i < countries; i++) {
                String country = in.readUTF();
                Tally tally = new Tally(halfLifeDays);
                tally.read(in);
                model.countries.put(country, tally);
            }
        }
        return Optional.of(model);
    }
}
