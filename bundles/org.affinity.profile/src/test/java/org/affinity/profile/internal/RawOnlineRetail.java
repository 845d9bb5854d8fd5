package org.affinity.profile.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The demo file read directly, for tests that check the platform against numbers computed without
 * it. Rules as documented for the online-retail preset: guest lines (no CustomerID) and non-product
 * stock codes are skipped, exact repeated lines count once, C invoices are returns of the absolute
 * quantity.
 */
final class RawOnlineRetail {

    record Line(String invoice, String code, String description, int quantity, BigDecimal price, LocalDateTime time,
            String customer, String country, boolean isReturn) {
    }

    private static final Set<String> NOT_PRODUCTS = Set.of("POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES", "AMAZONFEE",
            "CRUK", "PADS", "B");

    private RawOnlineRetail() {
    }

    static List<Line> read(Path file) throws Exception {
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (!header.startsWith("InvoiceNo,StockCode")) {
                throw new IllegalStateException("unexpected header " + header);
            }
            String row;
            while ((row = in.readLine()) != null) {
                List<String> f = split(row);
                String customer = f.get(6).trim();
                String code = f.get(1).trim().toUpperCase(Locale.ROOT);
                if (customer.isEmpty() || NOT_PRODUCTS.contains(code) || code.startsWith("GIFT_")) {
                    continue;
                }
                String invoice = f.get(0).trim();
                if (!seen.add(invoice + "|" + code + "|" + f.get(3).trim() + "|" + f.get(5).trim() + "|" + f.get(4).trim())) {
                    continue;
                }
                int quantity = Integer.parseInt(f.get(3).trim());
                boolean isReturn = invoice.startsWith("C");
                if (!isReturn && quantity <= 0) {
                    continue;
                }
                if (customer.endsWith(".0")) {
                    customer = customer.substring(0, customer.length() - 2);
                }
                lines.add(new Line(invoice, code, f.get(2), Math.abs(quantity), new BigDecimal(f.get(5).trim()),
                        LocalDateTime.parse(f.get(4).trim().replace(' ', 'T')), customer, f.get(7), isReturn));
            }
        }
        return lines;
    }

    /** RFC 4180 fields of one line (the file has no line breaks inside quotes). */
    static List<String> split(String row) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
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

    static Map<String, List<Line>> byCustomer(List<Line> lines) {
        Map<String, List<Line>> by = new HashMap<>();
        lines.forEach(l -> by.computeIfAbsent(l.customer(), k -> new ArrayList<>()).add(l));
        return by;
    }
}
