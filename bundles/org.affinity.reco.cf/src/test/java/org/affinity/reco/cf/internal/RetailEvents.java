package org.affinity.reco.cf.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * The shared Online Retail file read as events the way the importer stores them (customers only,
 * products only, cancellations as returns), for tests on real slices without a database.
 */
final class RetailEvents {

    private static final Set<String> NOT_PRODUCTS = Set.of("POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES",
            "AMAZONFEE", "CRUK", "PADS", "B");
    static final Map<String, String> TITLES = new HashMap<>();

    private RetailEvents() {
    }

    static Path file() {
        return Path.of(System.getProperty("affinity.shared", "../../../shared"), "data/online-retail/online-retail.csv.gz");
    }

    /** The first {@code lines} lines of the file (in time order), as events. */
    static List<Event> read(int lines) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file()), 1 << 16), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            int n = 0;
            while ((line = in.readLine()) != null && n++ < lines) {
                List<String> f = split(line);
                String code = f.get(1).toUpperCase(Locale.ROOT);
                String customer = f.get(6).replace(".0", "");
                if (customer.isEmpty() || NOT_PRODUCTS.contains(code) || code.startsWith("GIFT_")) {
                    continue;
                }
                int quantity = Integer.parseInt(f.get(3));
                boolean cancellation = f.get(0).startsWith("C");
                if (!cancellation && quantity > 0 && !f.get(2).isBlank()) {
                    TITLES.putIfAbsent(code, f.get(2).trim());
                }
                events.add(new Event("or-" + n, cancellation ? EventType.RETURN : EventType.PURCHASE, customer, code,
                        Math.abs(quantity), new BigDecimal(f.get(5)), null,
                        LocalDateTime.parse(f.get(4).replace(' ', 'T')).atZone(ZoneId.of("Europe/London")).toInstant(),
                        Map.of("order", f.get(0))));
            }
        }
        return events;
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
