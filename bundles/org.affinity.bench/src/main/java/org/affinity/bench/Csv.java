package org.affinity.bench;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a leading BOM is skipped. */
final class Csv {

    private final Reader in;
    private int peeked = -2;

    Csv(Reader in) {
        this.in = in;
    }

    /** Every record as column name to value, by the header line. */
    static List<Map<String, String>> records(Reader in) throws IOException {
        Csv csv = new Csv(in);
        List<String> header = csv.next();
        List<Map<String, String>> records = new ArrayList<>();
        if (header == null) {
            return records;
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        for (List<String> fields = csv.next(); fields != null; fields = csv.next()) {
            Map<String, String> record = new HashMap<>();
            for (int i = 0; i < header.size() && i < fields.size(); i++) {
                record.put(header.get(i), fields.get(i));
            }
            records.add(record);
        }
        return records;
    }

    /** The next record's fields, or null at the end. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("a quoted field is not closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == -1) {
                break;
            } else if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                break;
            } else {
                field.append((char) c);
            }
            c = read();
        }
        fields.add(field.toString());
        return fields;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }
}
