package org.affinity.reco.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.store.testkit.MemoryStore;

/**
 * The first lines of the Online Retail file the demo bundle ships (real members, items, purchases
 * and returns), read the way the online-retail import preset reads them, without the store.
 */
public final class OnlineRetailSlice {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    public final Map<String, Member> members = new LinkedHashMap<>();
    public final Map<String, Item> items = new LinkedHashMap<>();
    public final List<Event> events = new ArrayList<>();

    /** Reads up to {@code lines} lines of the demo file, found from a bundle folder or the checkout. */
    public static OnlineRetailSlice read(int lines) {
        Path file = locate();
        OnlineRetailSlice slice = new OnlineRetailSlice();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null && n++ < lines) {
                slice.add(split(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return slice;
    }

    private static Path locate() {
        for (String candidate : new String[] {"../org.affinity.demo/data/online-retail.csv.gz",
                "bundles/org.affinity.demo/data/online-retail.csv.gz", "org.affinity.demo/data/online-retail.csv.gz"}) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException("online-retail.csv.gz not found from " + Path.of("").toAbsolutePath());
    }

    private void add(List<String> row) {
        String invoice = row.get(0);
        String code = row.get(1).toUpperCase(Locale.ROOT);
        String customer = row.get(6).replaceAll("\\.0+$", "");
        if (customer.isEmpty() || !code.matches("\\d{5}[A-Z]?")) {
            return;
        }
        int quantity = Integer.parseInt(row.get(3));
        BigDecimal price = new BigDecimal(row.get(5));
        if (quantity > 0 && price.signum() > 0 && !items.containsKey(code)) {
            items.put(code, new Item(code, row.get(2), "", List.of(), price, "GBP", Map.of(), true, null));
        }
        members.putIfAbsent(customer, Member.of(customer, Map.of("country", row.get(7)), Consent.NONE));
        boolean cancellation = invoice.startsWith("C");
        events.add(new Event("or-" + invoice + "-" + code + "-" + events.size(),
                cancellation ? EventType.RETURN : EventType.PURCHASE, customer, code, Math.abs(quantity), price, null,
                LocalDateTime.parse(row.get(4), TIME).atZone(LONDON).toInstant(), Map.of("order", invoice)));
    }

    /** One CSV line, double quotes honoured. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }

    /** The same data in an in-memory store. */
    public MemoryStore store() {
        MemoryStore store = new MemoryStore();
        store.mergeMembers(new ArrayList<>(members.values()));
        store.putItems(new ArrayList<>(items.values()));
        store.append(events);
        return store;
    }
}
